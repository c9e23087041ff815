import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// What the payment, case and day-close commands share: the counter's journal, the forms and
/// the payment methods, and how their refusals are told to the clerk.
struct CounterSession {
    let config: AppConfig
    let journal: Journal
    let clock: WallClock

    static func open(dataDir: DataDirOption, clock: WallClock = SystemClock()) throws -> CounterSession {
        let config = try dataDir.config()
        do {
            let journal = try Journal.open(directory: dataDir.url.appendingPathComponent("journal"), terminalID: config.terminalID,
                                           mode: .live, clock: clock, appVersion: Madoguchi.version,
                                           witnessDirectories: config.witnessDirectories(dataDirectory: dataDir.url))
            JournalCommand.reportRecoveries(of: journal)
            return CounterSession(config: config, journal: journal, clock: clock)
        } catch {
            throw CommandFailure.refused(JournalCommand.message(for: error))
        }
    }

    static func catalog(_ forms: FormsOption) throws -> PaymentMethodCatalog {
        do { return try PaymentMethodCatalog.load(formsDirectory: forms.url) } catch {
            throw CommandFailure.refused(error.message)
        }
    }

    static func library(_ forms: FormsOption) throws -> FormLibrary {
        let library = FormLibrary.load(directory: forms.url)
        if library.forms.isEmpty {
            throw CommandFailure.refused("帳票定義が見つかりません: \(forms.url.path)/procedures。--forms でフォルダを指定してください。")
        }
        return library
    }

    /// Runs `body`, turning refusals and journal errors into exit-1 failures. A refusal for a
    /// card number or 個人番号 is also logged on stderr — what, where and who, never the digits.
    static func refusing<T>(terminal: String?, clerk: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as PaymentRefusal {
            if case .sensitiveNumber(let field, let kind) = refusal {
                let stamp = ISO8601DateFormatter().string(from: Date())
                FileHandle.standardError.write(Data(("拒否記録: \(stamp) 端末 \(DisplaySanitizer.sanitize(terminal ?? "-")) 担当 "
                    + "\(clerk.map { SensitiveNumbers.firstKind(in: $0) == nil ? DisplaySanitizer.sanitize($0) : "（非表示）" } ?? "-") "
                    + "項目 \(field) 種類 \(kind.rawValue)\n").utf8))
            }
            throw CommandFailure.refused(refusal.message)
        } catch let failure as CommandFailure {
            throw failure
        } catch let failure as SettlementFile.Failure {
            throw CommandFailure.refused(failure.message)
        } catch {
            throw CommandFailure.refused(JournalCommand.message(for: error))
        }
    }

    /// `--date` as clerks type it; today by default.
    static func date(_ text: String?, clock: WallClock = SystemClock()) throws -> CivilDate {
        guard let text else { return clock.today() }
        do { return try JapaneseDate.parse(text) } catch { throw CommandFailure.usage("--date: \(error.message)") }
    }

    /// `--journal-dir` options, or this data directory's journal.
    static func journalDirectories(_ options: [String], dataDir: DataDirOption) -> [URL] {
        options.isEmpty ? [dataDir.url.appendingPathComponent("journal")] : options.map { URL(fileURLWithPath: $0) }
    }

    static func printJSON(_ value: JournalValue) { print(value.description) }
}
