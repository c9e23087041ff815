import CNCurses
import Foundation
import TerminalKit

#if canImport(Darwin)
typealias WindowPointer = OpaquePointer
#else
typealias WindowPointer = UnsafeMutablePointer<WINDOW>
#endif

/// The real terminal, through ncursesw: draws `CellGrid`s and reads `TerminalEvent`s.
///
/// Opened with `newterm` (never `initscr`, which exits the process when TERM is unusable),
/// in raw mode (^C and ^S are keys), without echo, with the keypad on and a 25 ms escape
/// delay; every terminal program's key sequences (`KeySequences`) are added to the terminfo
/// entry's, and a lone Esc waits for a digit that makes it an F-key (`EscapeDigits`). ncurses
/// measures ambiguous characters as the drawn grid does (`AmbiguousWidth`). `close()`
/// restores the terminal; call it on every way out (the signal handlers for SIGTERM/SIGHUP
/// make `nextEvent` return `.inputClosed` so the caller's cleanup runs).
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private let window: WindowPointer
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private let inputDescriptor: Int32
    private var attributes: [(attr: attr_t, pair: Int16)] = []
    private var pending: [TerminalEvent] = []
    private var fastErrors = 0
    private var cursorVisible: Bool?
    private var closed = false
    /// An Esc followed the last lone Esc: it waits for its own digit on the next call.
    private var escapeNext = false
    /// One blank cell per style (attributes and colour pair set by `setcchar`): a drawn cell
    /// is a copy with its characters filled in.
    private var templates: [cchar_t] = []
    private var buffer: [cchar_t] = []
    /// The grid of the last `draw` and the screen size it was drawn at: rows that have not
    /// changed since are already in the window and are not drawn again. Cleared by `invalidate`.
    private var drawn: (grid: CellGrid, width: Int, height: Int)?

    /// The theme in use (monochrome under NO_COLOR or without colours).
    public private(set) var theme: Theme
    /// The signal (SIGTERM, SIGHUP, SIGQUIT, SIGINT from `kill`) that ended input, if one did.
    public private(set) var terminationSignal: Int32?

    /// Columns and rows of the terminal now.
    public var size: (width: Int, height: Int) { (Int(mado_getmaxx(window)), Int(mado_getmaxy(window))) }

    private init(screen: OpaquePointer, window: WindowPointer, output: UnsafeMutablePointer<FILE>,
                 input: UnsafeMutablePointer<FILE>, environment: [String: String]) {
        self.screen = screen
        self.window = window
        self.output = output
        self.input = input
        inputDescriptor = fileno(input)
        theme = Theme.forEnvironment(environment, terminalHasColors: has_colors())
        setUpModes()
    }

    /// Opens the terminal on standard input and output.
    public static func open(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TerminalOpenError) -> CursesTerminal {
        if case .unavailable = TerminalLocale.setUp() { throw .noUTF8Locale }
        guard let term = environment["TERM"], !term.isEmpty else { throw .termUnset }
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        // Duplicates, so closing them at the end leaves the process's own stdin/stdout alone.
        guard let output = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r") else { throw .notATerminal }
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw .unknownTerminal(term)
        }
        guard let window = mado_stdscr() else { throw .unknownTerminal(term) }
        mado_install_signal_handlers()
        return CursesTerminal(screen: screen, window: window, output: output, input: input, environment: environment)
    }

    /// A terminal of `width`×`height` whose output goes to /dev/null: the full drawing path
    /// (ncurses' diff and the escape sequences it writes) without a real screen, for benchmarks.
    public static func openHeadless(width: Int, height: Int, term: String = "xterm-256color",
                                    environment: [String: String] = [:]) throws(TerminalOpenError) -> CursesTerminal {
        try openHeadless(width: width, height: height, term: term, environment: environment, input: fopen("/dev/null", "r"))
    }

    /// A headless terminal that reads its keys from `input` (tests feed it bytes through a pipe).
    static func openHeadless(width: Int, height: Int, term: String, environment: [String: String] = [:],
                             input: UnsafeMutablePointer<FILE>?) throws(TerminalOpenError) -> CursesTerminal {
        if case .unavailable = TerminalLocale.setUp() { throw .noUTF8Locale }
        guard let output = fopen("/dev/null", "w"), let input else { throw .notATerminal }
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw .unknownTerminal(term)
        }
        guard let window = mado_stdscr() else { throw .unknownTerminal(term) }
        resizeterm(Int32(height), Int32(width))
        return CursesTerminal(screen: screen, window: window, output: output, input: input, environment: environment)
    }

    deinit { close() }

    private func setUpModes() {
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        // Every terminal program's function keys, over what this TERM's terminfo says.
        for (index, entry) in KeySequences.all.enumerated() {
            _ = define_key(entry.bytes, KeySequences.firstCode + Int32(index))
        }
        if theme.usesColor {
            start_color()
            use_default_colors()
        }
        attributes = Style.allCases.map { style in
            let look = theme[style]
            var attr = mado_A_NORMAL()
            if look.bold { attr |= mado_A_BOLD() }
            if look.underline { attr |= mado_A_UNDERLINE() }
            if look.reverse { attr |= mado_A_REVERSE() }
            if look.dim { attr |= mado_A_DIM() }
            var pair: Int16 = 0
            if theme.usesColor, look.hasColor {
                pair = Int16(style.rawValue) + 1
                init_pair(pair, Int16(look.foreground?.rawValue ?? -1), Int16(look.background?.rawValue ?? -1))
            }
            return (attr, pair)
        }
        templates = attributes.map { look in
            var cell = cchar_t()
            var blank: [wchar_t] = [0x20, 0]
            setcchar(&cell, &blank, look.attr, look.pair, nil)
            return cell
        }
    }

    /// Restores the terminal (cursor, modes, screen contents). Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        fclose(output)
        fclose(input)
    }

    // MARK: - Drawing

    /// Puts `grid` on the terminal. Cells go out in runs of one style; continuation cells are
    /// skipped (the wide character before them covers them), and ncurses sends only what
    /// changed since the last frame.
    public func draw(_ grid: CellGrid) {
        if grid.ambiguousWide != AmbiguousWidth.wide {
            AmbiguousWidth.wide = grid.ambiguousWide  // ncurses measures as the grid does
            invalidate()
        }
        let (width, height) = size
        let rows = min(height, grid.height), columns = min(width, grid.width)
        let gridWidth = grid.width
        // A local buffer: appending to a stored property of a class checks exclusive access
        // on every call.
        var buffer = self.buffer
        self.buffer = []
        defer { self.buffer = buffer }
        wattr_set(window, mado_A_NORMAL(), 0, nil)  // cells carry their own attributes
        let previous = drawn.flatMap { $0.grid.width == gridWidth && $0.width == width && $0.height == height ? $0.grid : nil }
        grid.cells.withUnsafeBufferPointer { cells in
            for y in 0..<rows {
                let row = y * gridWidth
                if let previous, y < previous.height,
                   previous.cells[row..<(row + columns)].elementsEqual(cells[row..<(row + columns)]) {
                    continue  // unchanged since the last draw
                }
                var x = 0
                while x < columns {
                    let start = x
                    x = run(cells, row: row, from: x, columns: columns, into: &buffer)
                    buffer.withUnsafeBufferPointer { chars in
                        _ = mvwadd_wchnstr(window, Int32(y), Int32(start), chars.baseAddress, Int32(chars.count))
                    }
                }
            }
        }
        present(cursor: grid.cursor, rows: rows, columns: columns)
        drawn = (grid, width, height)
    }

    /// A grid's cells made into ncurses cells once, to be drawn by `draw(_: PreparedFrame)`:
    /// what `bench render` times as ncurses' own work.
    public struct PreparedFrame {
        fileprivate var runs: [(y: Int32, x: Int32, cells: [cchar_t])] = []
        fileprivate var cursor: Point?
        fileprivate var rows = 0, columns = 0
    }

    /// `grid` as the runs of ncurses cells `draw(_: CellGrid)` would put, every row.
    public func prepare(_ grid: CellGrid) -> PreparedFrame {
        let (width, height) = size
        var frame = PreparedFrame(cursor: grid.cursor, rows: min(height, grid.height), columns: min(width, grid.width))
        var buffer: [cchar_t] = []
        grid.cells.withUnsafeBufferPointer { cells in
            for y in 0..<frame.rows {
                var x = 0
                while x < frame.columns {
                    let start = x
                    x = run(cells, row: y * grid.width, from: x, columns: frame.columns, into: &buffer)
                    frame.runs.append((Int32(y), Int32(start), buffer))
                }
            }
        }
        return frame
    }

    /// Draws a prepared frame: only ncurses' calls (`mvwadd_wchnstr` per run, then `doupdate`).
    public func draw(_ frame: PreparedFrame) {
        wattr_set(window, mado_A_NORMAL(), 0, nil)
        for run in frame.runs {
            run.cells.withUnsafeBufferPointer { _ = mvwadd_wchnstr(window, run.y, run.x, $0.baseAddress, Int32($0.count)) }
        }
        present(cursor: frame.cursor, rows: frame.rows, columns: frame.columns)
        drawn = nil
    }

    /// The ncurses cells of the run of one style in `cells` that starts at column `x` of the row
    /// starting at `row`, into `buffer` (emptied first); returns the column after the run.
    private func run(_ cells: UnsafeBufferPointer<Cell>, row: Int, from x: Int, columns: Int, into buffer: inout [cchar_t]) -> Int {
        var x = x
        let style = cells[row + x].style
        let template = templates[Int(style.rawValue)]
        buffer.removeAll(keepingCapacity: true)
        while x < columns, cells[row + x].style == style {
            if let character = cells[row + x].character {
                var cell = template  // a space
                if x + cells[row + x].width > columns {
                    // a wide character cut by a narrower terminal: stays a space
                } else if character.utf8.count == 1, let byte = character.utf8.first {
                    cell.chars.0 = wchar_t(byte)  // ASCII: one scalar
                } else {
                    // As waddnwstr does: each spacing scalar starts a cell of its
                    // own, a zero-width one joins the cell before it (up to CCHARW_MAX).
                    var count = 0
                    for scalar in character.unicodeScalars {
                        let c = wchar_t(bitPattern: scalar.value)
                        if count > 0, wcwidth(c) != 0 {
                            buffer.append(cell)
                            cell = template
                            count = 0
                        }
                        if count < 5 {
                            withUnsafeMutableBytes(of: &cell.chars) { raw in
                                let chars = raw.bindMemory(to: wchar_t.self)
                                chars[count] = c
                                if count + 1 < chars.count { chars[count + 1] = 0 }
                            }
                            count += 1
                        }
                    }
                }
                // One cell per character: ncurses fills a wide character's second column.
                buffer.append(cell)
            }
            x += 1
        }
        return x
    }

    /// Puts the cursor and sends the frame.
    private func present(cursor: Point?, rows: Int, columns: Int) {
        wattr_set(window, mado_A_NORMAL(), 0, nil)
        if let cursor, cursor.x < columns, cursor.y < rows {
            setCursorVisible(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            setCursorVisible(false)
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Makes the next `draw` repaint everything (after a resize or when the screen may be dirty).
    public func invalidate() {
        clearok(window, true)
        drawn = nil
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        cursorVisible = visible
        curs_set(visible ? 1 : 0)
    }

    // MARK: - Input

    /// The next event: a key, a resize, `.tick` when nothing arrived within
    /// `timeoutMilliseconds` (nil waits for ever), or `.inputClosed` when input is gone or a
    /// termination signal arrived.
    public func nextEvent(timeoutMilliseconds: Int? = nil) -> TerminalEvent {
        if !pending.isEmpty { return pending.removeFirst() }
        if let signal = takeSignal() { return closedBySignal(signal) }
        if escapeNext {
            escapeNext = false
            return afterEscape()
        }
        let timeout = timeoutMilliseconds.map { Int32(clamping: max(0, $0)) } ?? -1
        wtimeout(window, timeout)
        let started = DispatchTime.now().uptimeNanoseconds
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == ERR {
            if let signal = takeSignal() { return closedBySignal(signal) }
            // Blocking read: ERR means input is gone. Timed read: an ERR long before the
            // timeout, repeatedly, means end of file (a hang-up) rather than a quiet clerk.
            if timeout < 0 { return .inputClosed }
            let elapsed = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            if timeout >= 20, elapsed < UInt64(timeout / 2) {
                fastErrors += 1
                if fastErrors >= 3 || inputHungUp() { return .inputClosed }
            } else {
                fastErrors = 0
            }
            return .tick
        }
        fastErrors = 0
        if result == KEY_CODE_YES {
            if Int32(value) == KEY_RESIZE {
                invalidate()
                return .resize(width: size.width, height: size.height)
            }
            guard let key = KeyDecoder.keyCode(Int32(value)) else { return .tick }
            return .key(key)
        }
        guard KeyDecoder.isPrintable(value) else {
            guard let key = KeyDecoder.character(value) else { return .tick }
            return key == .escape ? afterEscape() : .key(key)
        }
        return .key(collectText(startingWith: value))
    }

    /// A lone Esc: waits `EscapeDigits.waitMilliseconds` for a digit that makes it an F-key
    /// (Esc 1 = F1); anything else that comes is kept for the next call, and nothing at all
    /// leaves it Esc.
    private func afterEscape() -> TerminalEvent {
        wtimeout(window, Int32(EscapeDigits.waitMilliseconds))
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        var next: Key?
        if result == KEY_CODE_YES {
            if Int32(value) == KEY_RESIZE {
                invalidate()
                pending.append(.resize(width: size.width, height: size.height))
            } else {
                next = KeyDecoder.keyCode(Int32(value))
            }
        } else if result == OK {
            next = KeyDecoder.character(value)
        }
        if next == .escape {
            escapeNext = true
            return .key(.escape)
        }
        let keys = EscapeDigits.keys(afterEscape: next)
        pending.append(contentsOf: keys.dropFirst().map { .key($0) })
        return .key(keys[0])
    }

    /// A paste or an IME commit arrives as a burst of characters: gather what is already
    /// waiting into one `.text` so the field updates once.
    private func collectText(startingWith first: UInt32) -> Key {
        var text = String(Character(Unicode.Scalar(first) ?? " "))
        wtimeout(window, 0)
        while true {
            var value: wint_t = 0
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == OK, KeyDecoder.isPrintable(value), let scalar = Unicode.Scalar(value) {
                text.unicodeScalars.append(scalar)
                continue
            }
            // Something else followed the burst: keep it for the next call.
            if result == KEY_CODE_YES {
                if Int32(value) == KEY_RESIZE {
                    invalidate()
                    pending.append(.resize(width: size.width, height: size.height))
                } else if let key = KeyDecoder.keyCode(Int32(value)) {
                    pending.append(.key(key))
                }
            } else if let key = KeyDecoder.character(value) {
                pending.append(.key(key))
            }
            break
        }
        return text.count == 1 ? .character(text.first!) : .text(text)
    }

    private func takeSignal() -> Int32? {
        let signal = mado_take_pending_signal()
        return signal == 0 ? nil : signal
    }

    private func closedBySignal(_ signal: Int32) -> TerminalEvent {
        terminationSignal = signal
        return .inputClosed
    }

    private func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return true }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}

extension CursesTerminal {
    /// The first character ncurses holds at column `x` of row `y` (tests check where ncurses
    /// put a character after one it measured).
    func character(row y: Int, column x: Int) -> Character? {
        var cell = cchar_t()
        guard mvwin_wch(window, Int32(y), Int32(x), &cell) == OK else { return nil }
        return Unicode.Scalar(UInt32(bitPattern: cell.chars.0)).map(Character.init)
    }

    /// The text ncurses holds for row `y` of its screen, trailing blanks included (tests read
    /// back what `draw` produced).
    func text(row y: Int) -> String {
        var chars = [wchar_t](repeating: 0, count: size.width * 2 + 1)
        let count = chars.withUnsafeMutableBufferPointer { buffer in
            mvwinnwstr(window, Int32(y), 0, buffer.baseAddress, Int32(buffer.count - 1))
        }
        guard count > 0 else { return "" }
        var scalars = String.UnicodeScalarView()
        for value in chars.prefix(Int(count)) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
