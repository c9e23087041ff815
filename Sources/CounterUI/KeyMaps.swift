import TerminalKit

/// Bindings every screen shares. A screen's own map is `KeyMap([...]).merging(KeyMaps.common)`.
public enum KeyMaps {
    public static let common = KeyMap<Action>([
        KeyBinding(.function(1), "ヘルプ", help: "この画面で使えるキーの一覧を表示します", action: .help),
        KeyBinding(.function(12), "終了", help: "窓口を終了します", action: .quit),
        KeyBinding(.escape, "戻る", help: "前の画面に戻ります（最初の画面で2回押すと終了）", action: .back, inBar: false),
    ])

    /// The 職員/管理 switch, offered on every screen to a signed-in supervisor.
    public static let modeSwitchKey = Key.function(11)
    public static let modeSwitch = KeyMap<Action>([
        KeyBinding(modeSwitchKey, "職員/管理", help: "職員モードと管理者モードを切り替えます（それぞれの画面はそのまま残ります）",
                   action: .supervisor(.switchMode)),
    ])
}
