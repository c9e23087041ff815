import Foundation
import JapaneseKit
import TerminalKit

/// The whole application state, as a value: the mode, one named screen stack per mode, the
/// popup, the clock's last reading and the terminal size.
///
/// `update` is pure (same model and message, same result; no I/O) and returns `Effect`s
/// for the Runtime; `view` only draws.
public struct AppModel: Equatable, Sendable {
    public var context: CounterContext
    public internal(set) var mode: Mode
    /// One stack per mode; the last screen is on top. Every stack has at least one screen.
    public internal(set) var stacks: [Mode: [AnyScreen]]
    public internal(set) var popup: Popup?
    /// The last time the clock reported.
    public internal(set) var now: Date
    public internal(set) var width: Int
    public internal(set) var height: Int
    /// The last key was a lone Esc on the bottom screen: one more quits.
    public internal(set) var escapePending = false
    /// When the clerk last pressed a key (for the inactivity lock).
    public internal(set) var lastActivity: Date
    /// A key arrived since the last tick.
    var keySinceTick = false
    /// The 研修 attempt being played in 研修モード, nil outside one.
    public internal(set) var training: TrainingAttempt?

    /// The smallest terminal the screens are laid out for.
    public static let minimumSize = (width: 80, height: 24)

    public init(context: CounterContext, now: Date, mode: Mode = .clerk, width: Int = 80, height: Int = 24) {
        self.context = context
        self.mode = mode
        self.now = now
        self.width = width
        self.height = height
        lastActivity = now
        stacks = Dictionary(uniqueKeysWithValues: Mode.allCases.map { ($0, [AnyScreen(StartScreen())]) })
    }

    /// A model whose modes start with the given stacks (a mode not named starts on the
    /// start screen): how the sign-in screen or a trainer scenario puts its own first screen.
    public init(context: CounterContext, now: Date, mode: Mode = .clerk, width: Int = 80, height: Int = 24,
                screens: [Mode: [AnyScreen]]) {
        self.init(context: context, now: now, mode: mode, width: width, height: height)
        for (mode, stack) in screens where !stack.isEmpty { stacks[mode] = stack }
    }

    /// The current mode's screens, bottom first.
    public var screens: [AnyScreen] { stacks[mode] ?? [AnyScreen(StartScreen())] }

    /// The screen that receives input.
    public var top: any CounterScreen { screens.last!.base }

    /// The key map in force: the top screen's (which includes the common keys), and the
    /// 職員/管理 switch for a signed-in supervisor.
    public var keyMap: KeyMap<Action> {
        var map = top.keyMap
        if modeSwitchTarget != nil { map = map.merging(KeyMaps.modeSwitch) }
        if offersVisitor { map = map.merging(KeyMaps.trainingVisitor) }
        return context.keys.apply(map)
    }

    // MARK: - Update

    /// Applies `msg`; returns the effects the Runtime must run.
    public mutating func update(_ msg: Msg) -> [Effect] {
        let effects = step(msg)
        return effects + followTraining(after: msg)
    }

    private mutating func step(_ msg: Msg) -> [Effect] {
        switch msg {
        case .tick(let date):
            now = date
            if keySinceTick {
                lastActivity = date
                keySinceTick = false
            }
            if let lock = lockIfIdle() { return lock }
            // Screens see ticks too (timers); effect results go the same way.
            return apply(modifyTop { $0.receive(msg) })
        case .resize(let w, let h):
            width = w
            height = h
            return []
        case .inputClosed:
            return [.quit]
        case .okuyami, .review:
            return apply(modifyTop { $0.receive(msg) })
        case .key(let key):
            keySinceTick = true
            return handle(key)
        case .clerk(let result):
            return receive(result)
        case .supervisor(let result):
            return receive(result)
        case .training(let result):
            return receive(result)
        }
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if let popup {
            self.popup = Self.popup(popup, after: key, helpKey: context.keys.key(for: .function(1)))
            return []
        }
        let wasEscapePending = escapePending
        escapePending = false
        guard let action = keyMap.action(for: key) else {
            if key == context.keys.key(for: KeyMaps.modeSwitchKey), let refusal = modeSwitchRefusal {
                popup = .alert(.alert("管理者モード", message: Self.wrap(refusal, width: 56), style: .warning))
                return []
            }
            return apply(modifyTop { $0.handle(key) } ?? [])
        }
        if action == .supervisor(.switchMode), let target = modeSwitchTarget {
            mode = target
            return []
        }
        if action == .training(.visitor), offersVisitor, let training {
            stacks[mode, default: []].append(AnyScreen(TrainingVisitorScreen(attempt: training)))
            return []
        }
        if action == .help {
            popup = .help(for: keyMap, screenTitle: top.title, notes: context.keys.helpNotes)
            return []
        }
        if action == .quit { return [.quit] }
        // The lock screen is not closed by Esc: only the PIN or signing out leaves it.
        if action == .back, isLocked { return [] }
        if action == .back, screens.count == 1 {
            // Esc on the bottom screen: a second Esc in a row quits.
            if wasEscapePending { return [.quit] }
            escapePending = true
            return []
        }
        let commands = modifyTop { $0.perform(action) }
        // A screen that does nothing special on Esc is simply closed.
        return apply(action == .back && commands.isEmpty ? [.pop] : commands)
    }

    /// The popup after `key`: nil once it is closed. F1 also closes the help it opened.
    private static func popup(_ popup: Popup, after key: Key, helpKey: Key) -> Popup? {
        var dialog = popup.dialog
        switch popup {
        case .help:
            if key == helpKey || dialog.update(key) != nil { return nil }
            return .help(dialog)
        case .alert:
            return dialog.update(key) != nil ? nil : .alert(dialog)
        }
    }

    mutating func modifyTop<R>(of mode: Mode? = nil, _ body: (inout any CounterScreen) -> R) -> R {
        let mode = mode ?? self.mode
        var stack = stacks[mode] ?? [AnyScreen(StartScreen())]
        var screen = stack[stack.count - 1].base
        let result = body(&screen)
        stack[stack.count - 1] = AnyScreen(screen)
        stacks[mode] = stack
        return result
    }

    mutating func apply(_ commands: [ScreenCommand]) -> [Effect] {
        var effects: [Effect] = []
        for command in commands {
            var stack = screens
            switch command {
            case .run(let effect): effects.append(effect)
            case .push(let screen): stack.append(screen)
            case .pop: if stack.count > 1 { stack.removeLast() }
            case .replace(let screen): stack[stack.count - 1] = screen
            case .switchMode(let newMode): mode = newMode; continue
            case .alert(let dialog): popup = .alert(dialog)
            case .nextVisitor:
                let counter = stack.firstIndex { $0.base is ResidentSearchScreen } ?? 0
                stack = Array(stack.prefix(counter)) + [AnyScreen(ResidentSearchScreen())]
            case .session(let session): effects += apply(session); continue
            case .endTraining: effects += endTraining(); continue
            }
            stacks[mode] = stack
        }
        return effects
    }

    // MARK: - View

    /// The heading's path of open screens (【受付】 > 【住民検索】) in `width` columns: when it
    /// does not fit, the screens nearest the bottom give way to 「…」, so the screen in use is
    /// always named.
    static func path(_ titles: [String], width: Int) -> String {
        var shown = titles.map { "【\($0)】" }
        var dropped = false
        while shown.count > 1 {
            let text = " " + (dropped ? ["…"] : []).joined() + (dropped ? " > " : "") + shown.joined(separator: " > ")
            if DisplayWidthOf.width(text) <= width { return text }
            shown.removeFirst()
            dropped = true
        }
        return " " + (dropped ? "… > " : "") + shown.joined()
    }

    /// Draws the whole screen: title bar, the 研修モード banner in trainer mode, a heading with
    /// the path of open screens (【受付】 > 【住民検索】), the top screen's main area, the key
    /// bar, and the popup over it all.
    public func view(into grid: inout CellGrid) {
        let area = grid.area
        grid.fill(area)
        guard area.width >= 40, area.height >= 8 else {
            grid.put("画面が小さすぎます", at: area.origin, maxWidth: area.width, style: .warning)
            grid.put("幅80桁・高さ24行以上に広げてください", at: area.origin.down(1), maxWidth: area.width, style: .normal)
            return
        }
        let (titleRow, rest) = area.splitTop(1)
        TitleBar.render(into: &grid, area: titleRow, context: context, mode: mode, now: now)
        var (barRow, main) = rest.splitBottom(1)
        if mode == .trainer {
            let (bannerRow, below) = main.splitTop(1)
            if let training, !isLocked {
                renderVisitorLine(training, into: &grid, area: bannerRow)
            } else {
                Banner("研修モード　練習用のデータです（本番の記録には残りません）").render(into: &grid, area: bannerRow)
            }
            main = below
            if let training, !isLocked, let panel = visitorPanelWidth {
                let (left, right) = (Rect(x: main.x, y: main.y, width: main.width - panel - 1, height: main.height),
                                     Rect(x: main.maxX - panel, y: main.y, width: panel, height: main.height))
                renderVisitorPanel(training, into: &grid, area: right)
                main = left
            }
        }
        let (headingRow, body) = main.splitTop(1)
        // A locked screen shows nothing of the work beneath it, not even its path.
        grid.put(Self.path((isLocked ? [screens.last!] : screens).map(\.base.title), width: headingRow.width), at: headingRow.origin,
                 maxWidth: headingRow.width, style: .normal)
        main = body
        top.render(into: &grid, area: main)
        KeyBar.render(keyMap, into: &grid, area: barRow)
        if escapePending {
            let hint = "もう一度 Esc を押すと終了します"
            let width = DisplayWidth.of(hint)
            grid.put(hint, at: Point(x: max(barRow.x, barRow.maxX - width - 1), y: barRow.y), maxWidth: barRow.width,
                     style: .warning)
        }
        if let popup {
            popup.dialog.render(into: &grid, area: main)
        }
    }
}
