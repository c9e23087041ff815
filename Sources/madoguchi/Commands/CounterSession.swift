import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// The command line's adapter over the application layer: opens the data directory once,
/// signs in the clerk who acts, and turns the layer's refusals into exit statuses with the
/// command line's remedies.
enum CounterSession {
    /// Opens `dataDir` for `purpose` with the forms of `forms` (or the default forms).
    static func open(_ dataDir: DataDirOption, forms: FormsOption? = nil, purpose: CounterApp.Purpose = .live,
                     clock: any WallClock = SystemClock()) throws -> CounterApp {
        try open(dataDir.directory, forms: forms, purpose: purpose, clock: clock)
    }

    static func open(_ directory: DataDirectory, forms: FormsOption? = nil, purpose: CounterApp.Purpose = .live,
                     clock: any WallClock = SystemClock()) throws -> CounterApp {
        let app = try refusing {
            try CounterApp.open(directory: directory, formsDirectory: forms?.url ?? DataLocations.formsDirectory(option: nil),
                                purpose: purpose, clock: clock, appVersion: Madoguchi.version)
        }
        JournalCommand.reportRecoveries(of: app.journal)
        HubSession.attach(app)
        return app
    }

    /// Checks the acting clerk's PIN (`PINReader.acting`); a supervisor's when `supervisor`.
    /// A locked, disabled or unknown clerk cannot act from the command line either.
    static func signIn(_ app: CounterApp, _ clerk: ClerkOption, supervisor: Bool = false) throws -> ClerkAccount {
        let id = clerk.resolved
        let pin = try PINReader.acting(id: id, supervisor: supervisor)
        return try refusing { try app.signIn(id: id, pin: pin, supervisor: supervisor) }
    }

    /// Runs a use case; a refusal exits 1 with the layer's words and the command line's remedy.
    @discardableResult
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CounterAppError {
            throw CommandFailure.refused(error.message + remedy(for: error))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
    }

    /// What to do about `error` on the command line.
    static func remedy(for error: CounterAppError) -> String {
        switch error {
        case .signIn(.wrongIDOrPIN), .signIn(.noPIN):
            "（担当者は --clerk または MADOGUCHI_CLERK、暗証番号は端末での入力か MADOGUCHI_PIN で渡します）"
        case .noForms: "--forms で Forms フォルダを指定してください。"
        case .registry(.notImported): "madoguchi import residents FILE で取り込んでください。"
        case .lastSupervisor: "（madoguchi clerk add ID --name 氏名 --supervisor）"
        default: ""
        }
    }

    /// `--date` (or the date option named `option`) as clerks type it; today by default.
    static func date(_ text: String?, option: String = "--date", clock: any WallClock = SystemClock()) throws -> CivilDate {
        guard let text else { return clock.today() }
        if SensitiveNumbers.firstKind(in: text) != nil {
            throw CommandFailure.usage("\(option) に番号のような数字があります（表示しません）。日付を 2026-11-25 や R8.11.25 の形で指定してください。")
        }
        do { return try JapaneseDate.parse(text) } catch { throw CommandFailure.usage("\(option): \(error.message)") }
    }

    /// `--from` and `--to`: `from` the first day, `to` the last (both as clerks type them).
    static func range(from: String?, to: String?, clock: any WallClock = SystemClock()) throws -> (from: CivilDate, to: CivilDate) {
        let first = try date(from, option: "--from", clock: clock), last = try date(to, option: "--to", clock: clock)
        guard first <= last else {
            throw CommandFailure.usage("--from（\(first.iso)）が --to（\(last.iso)）より後です。順に指定してください。")
        }
        return (first, last)
    }

    /// Writes `message` and a newline to standard error.
    static func say(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Runs a read of the journal (reports, reconcile), wording its errors.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as CommandFailure { throw failure } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
    }

    static func printJSON(_ value: JournalValue) { print(value.description) }
}
