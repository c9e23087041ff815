/// Facts about this counter the screens show: from `config.yaml` and the sign-in.
public struct CounterContext: Equatable, Sendable {
    /// The city's name in the title bar.
    public var cityName: String
    /// This counter's terminal id.
    public var terminalID: String
    /// The signed-in clerk's id, nil before sign-in.
    public var clerk: String?

    public init(cityName: String, terminalID: String, clerk: String? = nil) {
        self.cityName = cityName
        self.terminalID = terminalID
        self.clerk = clerk
    }
}
