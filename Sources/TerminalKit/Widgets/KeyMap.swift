import JapaneseKit

/// One key of a screen: the key, its short Japanese label for the key bar, a longer
/// explanation for the help screen, and the action it triggers.
public struct KeyBinding<Action: Hashable & Sendable>: Hashable, Sendable {
    public var key: Key
    public var label: String
    public var help: String
    public var action: Action
    /// Whether the key bar shows it (help always does).
    public var inBar: Bool
    /// The name the bar and help show for the key when it is not `key.displayName` (Esc 0 for
    /// an F10 the terminal program keeps for itself).
    public var keyName: String?

    /// The key's name as the bar and help show it.
    public var name: String { keyName ?? key.displayName }

    public init(_ key: Key, _ label: String, help: String? = nil, action: Action, inBar: Bool = true) {
        self.key = key
        self.label = label
        self.help = help ?? label
        self.action = action
        self.inBar = inBar
    }
}

/// A screen's keys. The key bar and the help screen are both generated from it, so they
/// cannot disagree with what the keys do.
public struct KeyMap<Action: Hashable & Sendable>: Hashable, Sendable {
    public var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// The action bound to `key`, if any (the first binding wins).
    public func action(for key: Key) -> Action? { bindings.first { $0.key == key }?.action }

    /// This map followed by `other`'s bindings for keys this map does not bind.
    public func merging(_ other: KeyMap<Action>) -> KeyMap<Action> {
        let own = Set(bindings.map(\.key))
        return KeyMap(bindings + other.bindings.filter { !own.contains($0.key) })
    }

    /// The bar's items in order: function keys first, by number, then the rest as declared.
    public var barItems: [KeyBinding<Action>] {
        let shown = bindings.filter(\.inBar)
        let functionKeys = shown.compactMap { b -> (Int, KeyBinding<Action>)? in
            if case .function(let n) = b.key { return (n, b) } else { return nil }
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let others = shown.filter { if case .function = $0.key { return false } else { return true } }
        return functionKeys + others
    }

    /// One help line per binding: the key name padded to a column, then the explanation.
    public var helpLines: [String] {
        let nameWidth = bindings.map { DisplayWidth.of($0.name) }.max() ?? 0
        return bindings.map { DisplayWidth.padded($0.name, to: nameWidth) + "  " + $0.help }
    }
}

/// The function-key bar at the bottom of every screen.
public enum KeyBar {
    /// Draws `map`'s bar items into `area`'s first row: the key name in `.key`, the label
    /// after it, items separated by a blank; items that do not fit are left out whole.
    public static func render<Action>(_ map: KeyMap<Action>, into grid: inout CellGrid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.put("", at: area.origin, maxWidth: area.width, style: .normal, pad: true)
        var x = area.x
        for item in map.barItems {
            let name = item.name
            let width = DisplayWidth.of(name) + DisplayWidth.of(item.label)
            guard x + width <= area.maxX else { break }
            x += grid.put(name, at: Point(x: x, y: area.y), style: .key)
            x += grid.put(item.label, at: Point(x: x, y: area.y), style: .normal)
            x += 1
        }
    }
}
