import CounterCore

/// Facts about this counter the screens show: from `config.yaml` and the sign-in.
public struct CounterContext: Equatable, Sendable {
    /// The city's name in the title bar.
    public var cityName: String
    /// This counter's terminal id.
    public var terminalID: String
    /// The signed-in clerk's name as the title bar shows it, nil before sign-in.
    public var clerk: String?
    /// The signed-in clerk's id (journal), nil before sign-in.
    public var clerkID: String?
    /// The signed-in clerk's role (a supervisor may enter the supervisor mode), nil before sign-in.
    public var role: ClerkAccount.Role?
    /// Seconds without a key before the screen locks; nil never locks.
    public var idleLockSeconds: Double?
    /// The payment terminal's 端末番号 from config.yaml, offered on the payment screen.
    public var paymentTerminal: String?
    /// In demo mode: the seed the simulated payment terminal derives its numbers from.
    public var demoSeed: UInt64?
    /// The keys `config.yaml` moved and the keys the terminal program keeps.
    public var keys = KeyLayout()
    /// Whether ambiguous characters (① ※ ○) are drawn two columns wide now: from
    /// `ambiguous_width`, or as the clerk answered the check at sign-in.
    public var ambiguousWide = false
    /// In 研修モード: the trainee's name as the command line gave it (`--trainee`); else the
    /// 研修メニュー asks for it once.
    public var trainee: String?

    public init(cityName: String, terminalID: String, clerk: String? = nil, clerkID: String? = nil,
                idleLockSeconds: Double? = nil, paymentTerminal: String? = nil, demoSeed: UInt64? = nil,
                role: ClerkAccount.Role? = nil) {
        self.role = role
        self.cityName = cityName
        self.terminalID = terminalID
        self.clerk = clerk
        self.clerkID = clerkID
        self.idleLockSeconds = idleLockSeconds
        self.paymentTerminal = paymentTerminal
        self.demoSeed = demoSeed
    }
}

extension CounterContext {
    /// Takes `config.yaml`'s terminal settings: `keys:`, `terminal_program:` (else what
    /// `environment` shows) and `ambiguous_width:`.
    public mutating func useTerminalSettings(of config: AppConfig, environment: [String: String]) throws(KeyLayoutError) {
        keys = try KeyLayout(keys: config.keys ?? [:], program: config.terminalProgram, environment: environment)
        ambiguousWide = config.ambiguousWidth == 2
    }
}
