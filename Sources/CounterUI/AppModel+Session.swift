import CounterCore
import Foundation
import TerminalKit

/// Sign-in, sign-out and the inactivity lock: who may see the screens.
extension AppModel {
    /// A model that starts on the sign-in screen (no clerk yet).
    public static func signIn(context: CounterContext, now: Date, width: Int = 80, height: Int = 24) -> AppModel {
        var signedOut = context
        signedOut.clerk = nil
        signedOut.clerkID = nil
        return AppModel(context: signedOut, now: now, mode: .clerk, width: width, height: height,
                        screens: [.clerk: [AnyScreen(SignInScreen())]])
    }

    /// A model with `context`'s clerk already signed in, in `mode` (demo: `.trainer`), with `role`.
    public static func signedIn(context: CounterContext, now: Date, mode: Mode = .clerk, role: ClerkAccount.Role? = nil,
                                width: Int = 80, height: Int = 24) -> AppModel {
        var context = context
        if let role { context.role = role }
        return AppModel(context: context, now: now, mode: mode, width: width, height: height, screens: [mode: [mode.root(context)]])
    }

    /// Whether the screen is locked (only the PIN can be typed).
    public var isLocked: Bool { top is LockScreen }

    /// Locks the screen when the clerk has been idle too long: the PIN screen goes over the
    /// work; nothing of it is drawn until the same clerk's PIN.
    mutating func lockIfIdle() -> [Effect]? {
        guard let limit = context.idleLockSeconds, limit > 0, let clerkID = context.clerkID, !isLocked,
              now.timeIntervalSince(lastActivity) >= limit else { return nil }
        return lock(clerkID: clerkID, reason: "idle")
    }

    /// Puts the PIN screen over the current mode's stack; every mode keeps its stack (as `Mode`
    /// promises) for the same clerk to resume.
    mutating func lock(clerkID: String, reason: String) -> [Effect] {
        popup = nil
        escapePending = false
        // The demo's clerk has the PIN `madoguchi demo --help` documents; say it to trainees.
        let hint = context.demoSeed != nil ? "研修モードの暗証番号は 0000 です（madoguchi demo --help）。" : nil
        stacks[mode, default: []].append(AnyScreen(LockScreen(clerkID: clerkID, clerkName: context.clerk ?? clerkID, hint: hint)))
        return [.clerk(.locked(reason: reason))]
    }

    /// The mode F11 switches to now: the other of 職員/管理, for a signed-in clerk whose role
    /// may enter it, never over the lock screen.
    var modeSwitchTarget: Mode? {
        guard context.clerkID != nil, !isLocked, let target = mode.switched, target.admits(context.role) else { return nil }
        return target
    }

    /// Why F11 does nothing here, when it is because of the role (a clerk at the counter).
    var modeSwitchRefusal: String? {
        guard context.clerkID != nil, !isLocked, let target = mode.switched, !target.admits(context.role) else { return nil }
        return "\(target.title)は管理者だけが開けます。管理者の担当者IDでサインインしてください。"
    }

    /// A result of 管理者モード work: to the screen that asked, the top of the 管理者モード
    /// stack under any lock (even if F11 has switched away since); a failure no screen showed
    /// becomes an alert, never over the lock.
    mutating func receive(_ result: SupervisorResult) -> [Effect] {
        var stack = stacks[.supervisor] ?? []
        guard let i = stack.lastIndex(where: { !($0.base is LockScreen) }) else { return [] }
        let before = stack[i]
        var screen = before.base
        let commands = screen.receive(.supervisor(result))
        stack[i] = AnyScreen(screen)
        stacks[.supervisor] = stack
        if isLocked { return [] }
        if commands.isEmpty, stack[i] == before, case .failed(let message) = result {
            popup = .alert(.alert("できませんでした", message: Self.wrap(message, width: 56), style: .warning))
            return []
        }
        return apply(commands)
    }

    /// A result of clerk work: to the top screen; a failure the screen did not show (it
    /// neither changed nor answered) becomes an alert.
    mutating func receive(_ result: ClerkResult) -> [Effect] {
        let before = screens.last
        let commands = modifyTop { $0.receive(.clerk(result)) }
        if commands.isEmpty, screens.last == before, case .failed(let message) = result {
            popup = .alert(.alert("できませんでした", message: Self.wrap(message, width: 56), style: .warning))
            return []
        }
        return apply(commands)
    }

    mutating func apply(_ session: SessionCommand) -> [Effect] {
        switch session {
        case let .signedIn(id, name, supervisor):
            let resuming = isLocked && context.clerkID == id
            context.clerkID = id
            context.clerk = name
            context.role = supervisor ? .supervisor : .clerk
            lastActivity = now
            if resuming {
                stacks[mode]?.removeLast()
            } else {
                training = nil
                // A supervisor lands on the 管理者メニュー with the 職員モード ready behind F11.
                let role = context.role ?? .clerk
                mode = Mode.landing(for: role, from: mode)
                for m in Mode.allCases {
                    let reachable = m == mode || (m.switched != nil && mode.switched != nil && m.admits(role))
                    stacks[m] = [reachable ? m.root(context) : AnyScreen(StartScreen())]
                }
            }
            return []
        case .switchAmbiguousWidth:
            context.ambiguousWide.toggle()
            return []
        case .signOut:
            let signedOut = context.clerkID
            context.clerkID = nil
            context.clerk = nil
            context.role = nil
            popup = nil
            // An attempt left unfinished stays in the journal as 途中終了; the next clerk starts afresh.
            training = nil
            // The next clerk signs in where every clerk may work; training stays training.
            if !mode.admits(.clerk) { mode = .clerk }
            for m in Mode.allCases { stacks[m] = [m == mode ? AnyScreen(SignInScreen()) : AnyScreen(StartScreen())] }
            // The record names who left: the effect runs after the session has forgotten them.
            return signedOut.map { [.clerk(.signOut(clerk: $0))] } ?? []
        }
    }

    /// `text` cut into lines of at most `width` columns (for dialogs).
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for ch in text {
            if DisplayWidthOf.width(current + String(ch)) > width {
                lines.append(current)
                current = ""
            }
            current.append(ch)
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

import JapaneseKit
enum DisplayWidthOf {
    static func width(_ s: String) -> Int { DisplayWidth.of(DisplaySanitizer.sanitize(s)) }
}
