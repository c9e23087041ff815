import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit
#if canImport(Glibc)
import Glibc
#endif

/// `madoguchi clerk add|disable|unlock|list`: who may sign in at this counter.
struct ClerkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clerk",
        abstract: "Manage the clerks who may sign in (config.yaml; PINs stored only as salted hashes).",
        subcommands: [Add.self, Disable.self, Unlock.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a clerk (or set a new PIN); the PIN is typed twice and never shown.",
            discussion: """
            The new PIN (6 to 12 digits) is read twice without echo on a terminal; otherwise two lines of \
            standard input. The first clerk of a new data directory may be added freely (this creates the \
            directory). Until a supervisor exists, a registered clerk signs (--clerk and their PIN) and may \
            add new ids or change their own PIN only; once a supervisor exists, a supervisor signs for every \
            change. The signer's PIN comes from $MADOGUCHI_PIN, the terminal, or the first line of standard input.
            """
        )
        @Argument(help: ArgumentHelp("Clerk id (letters, digits, - _ .).", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Name shown on screens and forms.", valueName: "name")) var name: String
        @Flag(help: "A supervisor (管理者).") var supervisor = false
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption

        func run() throws {
            guard ClerkAccount.isValidID(id) else {
                throw CommandFailure.usage("担当者IDは英数字と - _ . の32文字以内で指定してください。")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: DisplaySanitizer.isForbidden),
                  SensitiveNumbers.firstKind(in: trimmed) == nil else {
                throw CommandFailure.usage("--name には担当者の氏名を指定してください（制御文字や番号は使えません）。")
            }
            try CounterSession.refusing { try CounterApp.prepareLive(dataDir.directory) }
            var config = try dataDir.config()
            var signer = Journal.systemClerk
            var app: CounterApp?
            if config.clerks.contains(where: { $0.role == .supervisor && !$0.disabled }) {
                (app, signer) = try ClerkCommand.supervisorSignIn(dataDir, clerk)
            } else if !config.clerks.isEmpty {
                // No supervisor yet: an active clerk signs, and may add a new id or change their own PIN only.
                guard config.clerks.contains(where: { !$0.disabled }) else {
                    throw CommandFailure.refused("有効な担当者がいないため、担当者を追加できません。システム管理者に config.yaml の確認を依頼してください。")
                }
                let opened = try CounterSession.open(dataDir)
                app = opened
                signer = try CounterSession.signIn(opened, clerk).id
                if config.clerk(id: id) != nil, signer != id {
                    throw CommandFailure.refused("ほかの担当者の暗証番号を変えるには管理者の署名が必要です。"
                                                 + "先に管理者を登録してください（madoguchi clerk add ID --name 氏名 --supervisor）。")
                }
            }
            let pin = try PINReader.readTwice()
            let account = ClerkAccount(id: id, name: trimmed, role: supervisor ? .supervisor : .clerk,
                                       pinHash: PINHash.make(pin: pin))
            config = try dataDir.config()
            let replaced = config.clerks.firstIndex { $0.id == id }
            if let i = replaced { config.clerks[i] = account } else { config.clerks.append(account) }
            try save(config, dataDir)
            dataDir.directory.makePrivate()
            // The first clerk's directory exists only now.
            let recorder = try app ?? CounterSession.open(dataDir)
            try ClerkCommand.record(replaced == nil ? .added : .pinChanged, id: id, role: account.role, by: signer, in: recorder)
            FileHandle.standardError.write(Data("担当者 \(id)（\(trimmed)）を\(replaced == nil ? "登録" : "更新")しました。\n".utf8))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a clerk from signing in (a supervisor signs: --clerk, PIN).")
        @Argument(help: ArgumentHelp("Clerk id.", valueName: "id")) var id: String
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption

        func run() throws {
            let (app, signer) = try ClerkCommand.supervisorSignIn(dataDir, clerk)
            try CounterSession.refusing { try app.disableClerk(id, supervisor: signer) }
            ClerkCommand.done(id, "を無効にしました。")
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a clerk locked after wrong PINs (a supervisor signs: --clerk, PIN).")
        @Argument(help: ArgumentHelp("Clerk id.", valueName: "id")) var id: String
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption

        func run() throws {
            let (app, signer) = try ClerkCommand.supervisorSignIn(dataDir, clerk)
            try CounterSession.refusing { try app.unlockClerk(id, supervisor: signer) }
            ClerkCommand.done(id, "のロックを解除しました。")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the clerks, never their PINs (a supervisor signs: --clerk, PIN).")
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption

        func run() throws {
            if try dataDir.config().clerks.isEmpty {
                FileHandle.standardError.write(Data("担当者は登録されていません。madoguchi clerk add ID --name 氏名 で登録します。\n".utf8))
                return
            }
            _ = try ClerkCommand.supervisorSignIn(dataDir, clerk)
            let config = try dataDir.config()
            for c in config.clerks {
                print([c.id, c.name, c.role.title, c.stateTitle].map(DisplaySanitizer.sanitize)
                    .joined(separator: "\t"))
            }
        }
    }

    /// A supervisor's PIN for a change to the clerks: the data directory, opened once for the
    /// change and its record, and the supervisor's id.
    static func supervisorSignIn(_ dataDir: DataDirOption, _ clerk: ClerkOption) throws -> (app: CounterApp, id: String) {
        let app = try CounterSession.open(dataDir)
        return (app, try CounterSession.signIn(app, clerk, supervisor: true).id)
    }

    /// The `clerk_changed` record of a change just saved.
    static func record(_ change: CounterApp.ClerkChange, id: String, role: ClerkAccount.Role?, by signer: String,
                       in app: CounterApp) throws {
        try CounterSession.refusing { try app.recordClerkChange(change, id: id, role: role, by: signer) }
    }

    /// Tells the supervisor what was done to clerk `id`.
    static func done(_ id: String, _ what: String) {
        FileHandle.standardError.write(Data("担当者 \(DisplaySanitizer.sanitize(id)) \(what)\n".utf8))
    }

    static func save(_ config: AppConfig, _ dataDir: DataDirOption) throws {
        do { try config.save(dataDirectory: dataDir.url) } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
    }
}

private func save(_ config: AppConfig, _ dataDir: DataDirOption) throws { try ClerkCommand.save(config, dataDir) }

/// Reads a PIN twice: from the terminal with echo off, or two lines of standard input.
enum PINReader {
    /// The PIN of the clerk who acts: `$MADOGUCHI_PIN` (for scripts), else typed on the
    /// terminal without echo, else one line of standard input.
    static func acting(id: String, supervisor: Bool) throws -> String {
        if let pin = ProcessInfo.processInfo.environment["MADOGUCHI_PIN"], !pin.isEmpty { return pin }
        let who = DisplaySanitizer.sanitize(id)
        if isatty(0) == 1 { return try readHidden(prompt: supervisor ? "管理者 \(who) の暗証番号: " : "担当者 \(who) の暗証番号: ") }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandFailure.refused(SignInRefusal.noPIN.message + "端末で入力するか、MADOGUCHI_PIN または標準入力の1行で渡してください。")
        }
        return line
    }

    static func readTwice() throws -> String {
        let first: String
        let second: String
        if isatty(0) == 1 {
            first = try readHidden(prompt: "暗証番号（\(PINHash.minimumLength)〜\(PINHash.maximumLength)桁の数字）: ")
            second = try readHidden(prompt: "もう一度: ")
        } else {
            guard let a = readLine(strippingNewline: true), let b = readLine(strippingNewline: true) else {
                throw CommandFailure.usage("暗証番号を2回（2行）入力してください。")
            }
            first = a
            second = b
        }
        guard first == second else { throw CommandFailure.usage("2回の暗証番号が一致しません。もう一度やり直してください。") }
        guard PINHash.isAcceptable(first) else { throw CommandFailure.usage("暗証番号は\(PINHash.minimumLength)〜\(PINHash.maximumLength)桁の数字にしてください。") }
        return first
    }

    /// One line from /dev/tty with echo turned off (restored afterwards).
    static func readHidden(prompt: String) throws -> String {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure.usage("端末を開けません。暗証番号を標準入力から2行で渡してください。") }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(fd, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(fd, TCSAFLUSH, &saved)
            _ = write(fd, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != 10, byte != 13 {
            bytes.append(byte)
            if bytes.count > 64 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
