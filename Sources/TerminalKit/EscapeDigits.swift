/// The second way to press F1–F12, for keyboards and terminal programs without them: Esc,
/// then a digit within `waitMilliseconds` (as Midnight Commander does). Esc 1 … Esc 9 are
/// F1 … F9, Esc 0 is F10, Esc - is F11 and Esc = is F12; full-width ０ … ９, － and ＝ (an
/// input method left on) count the same. A lone Esc is still Esc once the wait is over.
public enum EscapeDigits {
    /// How long a lone Esc waits for a digit before it counts as Esc (戻る).
    public static let waitMilliseconds = 1000

    /// The characters that follow Esc, F1 first.
    public static let characters: [Character] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "="]

    /// The function key number that `character` after Esc stands for, if any.
    public static func functionKey(after character: Character) -> Int? {
        var c = character
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
           (0xFF01...0xFF5E).contains(scalar.value), let narrow = Unicode.Scalar(scalar.value - 0xFEE0) {
            c = Character(narrow)  // full-width ASCII form
        }
        return characters.firstIndex(of: c).map { $0 + 1 }
    }

    /// The keys that a lone Esc followed by `next` (nil: nothing came within the wait) make.
    public static func keys(afterEscape next: Key?) -> [Key] {
        guard let next else { return [.escape] }
        if case .character(let c) = next, let n = functionKey(after: c) { return [.function(n)] }
        return [.escape, next]
    }

    /// "Esc 1" for F1 … "Esc =" for F12; nil for anything else.
    public static func name(of key: Key) -> String? {
        guard case .function(let n) = key, characters.indices.contains(n - 1) else { return nil }
        return "Esc \(characters[n - 1])"
    }

}
