import CNCurses
import Foundation

/// The process locale ncurses needs for wide characters.
///
/// Without a UTF-8 `LC_CTYPE`, ncursesw draws garbage and `wcwidth` returns -1 for every
/// non-ASCII character; `ja_JP.UTF-8` is often not installed, and a `swift test` process
/// starts in the C locale. So: take the environment's locale, and if its character set is
/// not UTF-8, fall back to `C.UTF-8`, which glibc always has.
public enum TerminalLocale {
    /// How the locale was set up.
    public enum Outcome: Equatable, Sendable {
        /// The environment's locale (LANG / LC_*) is UTF-8 and is in use.
        case environment(String)
        /// The environment's locale was not UTF-8; `LC_CTYPE` is `C.UTF-8` now.
        case fallback(from: String)
        /// No UTF-8 locale could be set: Japanese cannot be shown.
        case unavailable
    }

    /// Sets the process locale from the environment, falling back to `C.UTF-8`.
    @discardableResult
    public static func setUp() -> Outcome {
        let name = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
        if isUTF8() { return .environment(name) }
        if setlocale(LC_CTYPE, "C.UTF-8") != nil, isUTF8() { return .fallback(from: name) }
        if setlocale(LC_CTYPE, "C.utf8") != nil, isUTF8() { return .fallback(from: name) }
        return .unavailable
    }

    /// Whether the current `LC_CTYPE` encodes text as UTF-8.
    public static func isUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "")
        return name == "UTF8"
    }

    /// glibc's width of `scalar` in the current locale (-1 for unprintable).
    public static func systemWidth(_ scalar: Unicode.Scalar) -> Int {
        Int(wcwidth(wchar_t(bitPattern: scalar.value)))
    }
}
