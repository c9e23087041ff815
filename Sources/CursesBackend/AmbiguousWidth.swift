import CNCurses
import Foundation
import JapaneseKit
import Synchronization

/// ncurses places characters by the C library's `wcwidth`, which gives East Asian Ambiguous
/// characters (① ※ ○) one column. On a terminal that draws them two columns wide
/// (`ambiguous_width: 2`), ncurses' idea of the row and the terminal's would part at the first
/// one, so this `wcwidth` replaces the C library's for the whole program (the executable's
/// definition is the one ncurses binds to): the C library's answer, with ambiguous characters
/// counted 2 while `AmbiguousWidth.wide` is on. Off, it answers exactly as the C library.
public enum AmbiguousWidth {
    private static let flag = Atomic<Bool>(false)

    /// Whether ambiguous characters count two columns for ncurses now.
    public static var wide: Bool {
        get { flag.load(ordering: .relaxed) }
        set { flag.store(newValue, ordering: .relaxed) }
    }

    /// The C library's own `wcwidth`, found past this program's.
    static let system: (@convention(c) (wchar_t) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "wcwidth") else { return nil }  // RTLD_NEXT
        return unsafeBitCast(symbol, to: (@convention(c) (wchar_t) -> Int32).self)
    }()

    /// The width ncurses is told for `value`.
    static func width(_ value: wchar_t) -> Int32 {
        let base = system?(value) ?? Int32(value >= 0x20 && value < 0x7F ? 1 : -1)
        guard base == 1, wide, let scalar = Unicode.Scalar(UInt32(bitPattern: value)),
              DisplayWidth.isAmbiguous(scalar) else { return base }
        return 2
    }
}

/// The program's `wcwidth` (see `AmbiguousWidth`).
@_cdecl("wcwidth")
public func madoguchiWcwidth(_ value: wchar_t) -> Int32 { AmbiguousWidth.width(value) }
