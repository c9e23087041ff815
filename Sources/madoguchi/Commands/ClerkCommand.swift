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
            discussion: "On a terminal the PIN is read without echo; otherwise two lines are read from standard input."
        )
        @Argument(help: ArgumentHelp("Clerk id (letters, digits, - _ .).", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Name shown on screens and forms.", valueName: "name")) var name: String
        @Flag(help: "A supervisor (管理者).") var supervisor = false
        @OptionGroup var dataDir: DataDirOption

        func run() throws {
            guard ClerkAccount.isValidID(id) else {
                throw CommandFailure.usage("担当者IDは英数字と - _ . の32文字以内で指定してください。")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: DisplaySanitizer.isForbidden),
                  SensitiveNumbers.firstKind(in: trimmed) == nil else {
                throw CommandFailure.usage("--name には担当者の氏名を指定してください（制御文字や番号は使えません）。")
            }
            var config = try dataDir.config()
            let pin = try PINReader.readTwice()
            let account = ClerkAccount(id: id, name: trimmed, role: supervisor ? .supervisor : .clerk,
                                       pinHash: PINHash.make(pin: pin))
            let replaced = config.clerks.firstIndex { $0.id == id }
            if let i = replaced { config.clerks[i] = account } else { config.clerks.append(account) }
            try save(config, dataDir)
            FileHandle.standardError.write(Data("担当者 \(id)（\(trimmed)）を\(replaced == nil ? "登録" : "更新")しました。\n".utf8))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a clerk from signing in.")
        @Argument(help: ArgumentHelp("Clerk id.", valueName: "id")) var id: String
        @OptionGroup var dataDir: DataDirOption

        func run() throws {
            var config = try dataDir.config()
            guard let i = config.clerks.firstIndex(where: { $0.id == id }) else {
                throw CommandFailure.refused("担当者 \(DisplaySanitizer.sanitize(id)) は登録されていません。madoguchi clerk list で確認してください。")
            }
            config.clerks[i].disabled = true
            try save(config, dataDir)
            FileHandle.standardError.write(Data("担当者 \(id) を無効にしました。\n".utf8))
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a clerk locked after wrong PINs.")
        @Argument(help: ArgumentHelp("Clerk id.", valueName: "id")) var id: String
        @OptionGroup var dataDir: DataDirOption

        func run() throws {
            var config = try dataDir.config()
            guard let i = config.clerks.firstIndex(where: { $0.id == id }) else {
                throw CommandFailure.refused("担当者 \(DisplaySanitizer.sanitize(id)) は登録されていません。madoguchi clerk list で確認してください。")
            }
            config.clerks[i].locked = false
            try save(config, dataDir)
            FileHandle.standardError.write(Data("担当者 \(id) のロックを解除しました。\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the clerks (never their PINs).")
        @OptionGroup var dataDir: DataDirOption

        func run() throws {
            let config = try dataDir.config()
            if config.clerks.isEmpty {
                FileHandle.standardError.write(Data("担当者は登録されていません。madoguchi clerk add ID --name 氏名 で登録します。\n".utf8))
            }
            for c in config.clerks {
                let state = c.disabled ? "無効" : (c.locked ? "ロック中" : "有効")
                print([c.id, c.name, c.role == .supervisor ? "管理者" : "職員", state].map(DisplaySanitizer.sanitize)
                    .joined(separator: "\t"))
            }
        }
    }

    static func save(_ config: AppConfig, _ dataDir: DataDirOption) throws {
        do { try config.save(dataDirectory: dataDir.url) } catch let ConfigError.unwritable(path, reason) {
            throw CommandFailure.refused("設定ファイルを書けません: \(path)（\(reason)）。フォルダの権限を確認してください。")
        }
    }
}

private func save(_ config: AppConfig, _ dataDir: DataDirOption) throws { try ClerkCommand.save(config, dataDir) }

/// Reads a PIN twice: from the terminal with echo off, or two lines of standard input.
enum PINReader {
    static func readTwice() throws -> String {
        let first: String
        let second: String
        if isatty(0) == 1 {
            first = try readHidden(prompt: "暗証番号（4〜12桁の数字）: ")
            second = try readHidden(prompt: "もう一度: ")
        } else {
            guard let a = readLine(strippingNewline: true), let b = readLine(strippingNewline: true) else {
                throw CommandFailure.usage("暗証番号を2回（2行）入力してください。")
            }
            first = a
            second = b
        }
        guard first == second else { throw CommandFailure.usage("2回の暗証番号が一致しません。もう一度やり直してください。") }
        guard PINHash.isAcceptable(first) else { throw CommandFailure.usage("暗証番号は4〜12桁の数字にしてください。") }
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
