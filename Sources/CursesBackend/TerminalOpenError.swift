/// Why the terminal could not be opened. The message says what to do, in Japanese for the
/// clerk and in English for whoever set the machine up.
public enum TerminalOpenError: Error, Equatable, Sendable {
    /// `TERM` is not set.
    case termUnset
    /// ncurses does not know the terminal type `TERM` names.
    case unknownTerminal(String)
    /// Standard input or output is not a terminal.
    case notATerminal
    /// No UTF-8 locale is available, so Japanese cannot be shown.
    case noUTF8Locale

    public var message: String {
        switch self {
        case .termUnset:
            return """
            端末の種類（環境変数 TERM）が設定されていないため、画面を開けません。TERM=xterm-256color などを設定してから起動してください。
            Cannot open the screen: TERM is not set. Set it (for example TERM=xterm-256color) and start again.
            """
        case .unknownTerminal(let term):
            return """
            端末の種類「\(term)」が分からないため、画面を開けません。TERM=xterm-256color などに設定し直して起動してください。
            Cannot open the screen: unknown terminal type "\(term)". Set TERM (for example TERM=xterm-256color) and start again.
            """
        case .notATerminal:
            return """
            画面は端末の中でしか開けません（入力または出力が端末ではありません）。端末から直接起動してください。
            The screen needs a terminal: standard input or output is not a terminal. Start madoguchi from a terminal.
            """
        case .noUTF8Locale:
            return """
            UTF-8 のロケールが使えないため、日本語を表示できません。LANG=C.UTF-8 を設定してから起動してください。
            No UTF-8 locale is available, so Japanese cannot be shown. Set LANG=C.UTF-8 and start again.
            """
        }
    }
}
