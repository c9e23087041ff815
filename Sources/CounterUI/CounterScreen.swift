import TerminalKit

/// What a screen can ask of the app besides running effects: navigation and popups.
public enum ScreenCommand: Equatable, Sendable {
    /// Have the Runtime run an effect.
    case run(Effect)
    /// Open `screen` on top of the current stack.
    case push(AnyScreen)
    /// Close the top screen (the bottom screen of a stack stays).
    case pop
    /// Replace the top screen.
    case replace(AnyScreen)
    /// Switch to `mode`'s screen stack.
    case switchMode(Mode)
    /// Show a dialog; Enter/Esc closes it.
    case alert(Dialog)
    /// The visit is over: back to a fresh 住民検索 where the visit began (the bottom of the
    /// clerk's stack; in 研修モード, over the 研修メニュー).
    case nextVisitor
    /// Sign-in state: signed in, signed out.
    case session(SessionCommand)
    /// End the running 研修 attempt: the model sends the keys it counted and the screens it
    /// noted to be marked.
    case endTraining
}

/// One screen: its own state, keys, update and render. `AppModel` forwards input to the
/// screen on top of the current mode's stack.
///
/// A bound key (in `keyMap`) becomes `perform(action)`; any other key goes to `handle(key)`
/// (text fields, lists), which returns nil when the screen does not consume it.
///
/// Adding a screen (受付, 住民検索, 住民詳細 …):
/// 1. a struct conforming to `CounterScreen` under `Screens/<role>/`, holding its widgets
///    (`TextField`, `ListView`, `Table`) as stored properties;
/// 2. its `keyMap`: `KeyMap([KeyBinding(.function(2), "検索", help: "…", action: .search)])
///    .merging(KeyMaps.common)`, with new `Action` cases for its keys;
/// 3. work outside the model as new `Effect` cases (`.search(query)`), run by the Runtime,
///    whose results come back as new `Msg` cases that `AppModel.update` hands to the top
///    screen's `receive(_:)`;
/// 4. open it with `.push(AnyScreen(ResidentSearchScreen()))` from another screen, or start
///    a mode's stack with it through `AppModel.init(…, screens:)`.
public protocol CounterScreen: Equatable, Sendable {
    /// The screen's name in the title bar (受付, 住民検索 …).
    var title: String { get }
    /// The screen's keys; generates its key bar and help. Include `KeyMaps.common`.
    var keyMap: KeyMap<Action> { get }
    /// A bound key's action (global ones — help, quit — never reach the screen).
    mutating func perform(_ action: Action) -> [ScreenCommand]
    /// An unbound key; nil when not consumed.
    mutating func handle(_ key: Key) -> [ScreenCommand]?
    /// A message other than a key (effect results, ticks).
    mutating func receive(_ msg: Msg) -> [ScreenCommand]
    /// Draws the main area. Only draws.
    func render(into grid: inout CellGrid, area: Rect)
}

extension CounterScreen {
    public mutating func perform(_ action: Action) -> [ScreenCommand] { [] }
    public mutating func handle(_ key: Key) -> [ScreenCommand]? { nil }
    public mutating func receive(_ msg: Msg) -> [ScreenCommand] { [] }

    fileprivate func isEqual(to other: any CounterScreen) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// Any screen, comparable, so the model stays an `Equatable` value and `update` can be
/// tested for purity.
public struct AnyScreen: Equatable, Sendable {
    public var base: any CounterScreen

    public init(_ base: any CounterScreen) { self.base = base }

    public static func == (lhs: AnyScreen, rhs: AnyScreen) -> Bool { lhs.base.isEqual(to: rhs.base) }
}
