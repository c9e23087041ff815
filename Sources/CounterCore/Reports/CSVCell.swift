import JapaneseKit

/// Spreadsheet-safe CSV output: UTF-8 with a byte-order mark and CRLF (Excel opens it as
/// UTF-8), every text cell quoted when needed and guarded against formula injection.
public enum CSVCell {
    /// The UTF-8 byte-order mark Excel needs to read the file as UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// A text cell: a leading `=`, `+`, `-`, `@`, TAB or CR, or their full-width forms (a
    /// Japanese spreadsheet reads `＝` as `=`), gets a `'` in front so a spreadsheet shows it as
    /// text instead of running it; quoted when it holds `,`, `"`, CR or LF. Other control
    /// characters (an escape, a bidi override) are shown as `DisplaySanitizer` shows them: a
    /// CSV is printed to terminals too.
    public static func text(_ value: String) -> String {
        var v = value
        if v.unicodeScalars.contains(where: { DisplaySanitizer.isForbidden($0) && !kept.contains($0) }) {
            var safe = String.UnicodeScalarView()
            for scalar in v.unicodeScalars {
                if kept.contains(scalar) || !DisplaySanitizer.isForbidden(scalar) { safe.append(scalar) } else {
                    safe.append(contentsOf: DisplaySanitizer.sanitize(String(scalar)).unicodeScalars)
                }
            }
            v = String(safe)
        }
        if let first = v.unicodeScalars.first, Self.formulaStarts.contains(first) { v = "'" + v }
        return quoted(v)
    }

    /// The controls a cell may hold as they are: TAB, and the line breaks of a multi-line cell.
    static let kept: Set<Unicode.Scalar> = ["\t", "\r", "\n"]

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]

    /// A field as RFC 4180 has it, for files a program reads back (an import file): quoted
    /// only when it holds `,`, `"`, CR or LF, and no formula guard.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number cell (written as the number, so spreadsheets can sum it).
    public static func number(_ value: Int) -> String { String(value) }

    /// One CSV line with CRLF.
    public static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}
