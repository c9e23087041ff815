import CounterCore
import CounterUI
import Foundation
import JapaneseKit

/// The engines behind the おくやみ screens, opened once for a counter session: the registry
/// (every search and view logged first), the rule book, the case store, the form library and
/// the journal. The screens' effects call the same engine functions `madoguchi okuyami` calls.
final class OkuyamiService {
    let dataDirectory: URL
    let formsDirectory: URL
    let config: AppConfig
    let clock: any WallClock
    private var journalHandle: Journal?
    private var registryHandle: ResidentRegistry?
    private var storeHandle: BereavementCaseStore?
    private var bookHandle: BereavementRuleBook?
    private var formsHandle: FormLibrary?

    /// Nothing is opened until a screen first needs it, so the counter starts fast and a
    /// missing registry is reported on the screen that needs it.
    init(dataDirectory: URL, formsDirectory: URL, config: AppConfig, clock: any WallClock) {
        self.dataDirectory = dataDirectory
        self.formsDirectory = formsDirectory
        self.config = config
        self.clock = clock
    }

    /// The counter's journal in `<data-dir>/journal`.
    var journal: Journal {
        get throws {
            if let journalHandle { return journalHandle }
            do {
                let opened = try Journal.open(directory: dataDirectory.appendingPathComponent("journal"), terminalID: config.terminalID,
                                              mode: .live, clock: clock)
                journalHandle = opened
                return opened
            } catch {
                throw CommandFailure.refused("ジャーナルを開けません（\(error)）。データフォルダの権限と空き容量を確かめてください。")
            }
        }
    }

    var registry: ResidentRegistry {
        get throws {
            if let registryHandle { return registryHandle }
            let opened = try ResidentRegistry(dataDirectory: dataDirectory, accessLog: try journal)
            registryHandle = opened
            return opened
        }
    }

    var store: BereavementCaseStore {
        get throws {
            if let storeHandle { return storeHandle }
            let opened = try BereavementCaseStore(dataDirectory: dataDirectory, clock: clock, journal: try journal)
            storeHandle = opened
            return opened
        }
    }

    var formLibrary: FormLibrary {
        if let formsHandle { return formsHandle }
        let loaded = FormLibrary.load(directory: formsDirectory)
        formsHandle = loaded
        return loaded
    }

    var book: BereavementRuleBook {
        if let bookHandle { return bookHandle }
        let loaded = BereavementRuleBook.load(directory: formsDirectory, forms: formLibrary)
        bookHandle = loaded
        return loaded
    }

    // MARK: - Effects

    /// Runs `effect` as `clerk`; the message for the screen (a refusal as `.failed`).
    func run(_ effect: OkuyamiEffect, clerk: String) -> OkuyamiMsg {
        do {
            return try perform(effect, clerk: clerk)
        } catch let error as RegistryError {
            return .failed(error.message)
        } catch let error as BereavementCaseError {
            return .failed(error.message)
        } catch let error as JournalError {
            return .failed("ジャーナルに書き込めないため記録しませんでした（\(error)）。管理者に連絡してください。")
        } catch let error as FormIssuanceError {
            return .failed(error.message)
        } catch let error as CommandFailure {
            return .failed(error.message)
        } catch {
            return .failed("処理できませんでした（\(error)）。管理者に連絡してください。")
        }
    }

    private func perform(_ effect: OkuyamiEffect, clerk: String) throws -> OkuyamiMsg {
        switch effect {
        case let .search(query):
            return .searchResults(query: query, results: try registry.search(query, limit: 50, clerk: clerk))

        case let .loadDeceased(id):
            let found = try registry.residentWithHousehold(id: id, clerk: clerk)
            guard found.resident.status == .current || found.resident.status == .deceased else {
                return .failed("宛名番号 \(id) の方は\(found.resident.status.japaneseName)のため、この市のおくやみ手続きの対象ではありません。")
            }
            return .deceasedLoaded(OkuyamiDeceased(resident: found.resident, household: found.household,
                                                   existingCases: try store.cases(deceasedID: id), today: clock.today()))

        case let .loadCase(number):
            return .caseLoaded(try store.load(number: number), walkingOrder: book.walkingOrder, today: clock.today())

        case let .openCase(request):
            let rules = book
            guard rules.problems.isEmpty else {
                return .failed("おくやみ手続ルールに問題があるためチェックリストを作れません（madoguchi okuyami rules で確認してください）。")
            }
            let found = try registry.residentWithHousehold(id: request.deceasedID, clerk: clerk)
            let facts = DeathFacts(deceased: found.resident, household: found.household, dateOfDeath: request.dateOfDeath,
                                   knownDate: request.knownDate, funeralDate: request.funeralDate)
            let checklist = BereavementChecklist(facts: facts, book: rules)
            let opened = try store.open(checklist: checklist, applicantID: request.applicantID, clerk: clerk)
            return .caseLoaded(opened, walkingOrder: rules.walkingOrder, today: clock.today())

        case let .setStatus(number, item, status):
            return .caseUpdated(try store.setStatus(status, item: item, number: number, clerk: clerk))

        case let .printHandout(number):
            let bereavementCase = try store.load(number: number)
            let document = BereavementHandout.document(for: bereavementCase, cityName: config.cityName,
                                                       walkingOrder: book.walkingOrder, created: clock.now())
            // The print is recorded before the paper leaves, as every printout is.
            try journal.append(.formPrinted, clerk: clerk, fields: [
                "form": "okuyami_handout", "title": "お手続き一覧", "subject": .string(bereavementCase.deceasedID),
                "case": .string(number), "items": .object([:]), "copies": 1, "fee": 0, "total_fee": 0,
            ])
            return .printed(try spool(document.data(), name: "handout-\(number)", title: "お手続き一覧"))

        case let .fillForm(number, itemID):
            let bereavementCase = try store.load(number: number)
            guard var entry = bereavementCase.item(itemID), let formID = entry.item.form else {
                return .failed("この手続きに申請書はありません。")
            }
            let found = try registry.residentWithHousehold(id: bereavementCase.deceasedID, clerk: clerk)
            let applicant = try bereavementCase.applicantID.map { id in try registry.resident(id: id, clerk: clerk) }
            // The same engine as `okuyami --forms-pdf`, over this one item (whatever its status).
            entry.status = .todo
            var single = bereavementCase
            single.items = [entry]
            let (filled, skipped) = BereavementForms.fill(single, library: formLibrary, deceased: found.resident, household: found.household,
                                                          applicant: applicant, clerkID: clerk, cityName: config.cityName,
                                                          today: clock.today())
            if let form = filled.first { return .formFilled(form) }
            if entry.item.formSubject == .applicant, applicant == nil {
                return .failed("届け出る方の申請書です。来庁された方が住民登録のない方のため記入できません（用紙でご案内ください）。")
            }
            return .failed(skipped.first?.reason ?? "申請書「\(formID)」を用意できません。madoguchi forms check で確かめてください。")

        case let .printForm(filled):
            try FormIssuance.record(filled, in: try journal, clerk: clerk)
            let document = FormPrintout.document(for: filled, printedAt: clock.now())
            return .printed(try spool(document.data(), name: "\(filled.formID)-\(filled.caseNumber)", title: filled.title))
        }
    }

    /// Writes `pdf` into `<data-dir>/spool/` and, when config names a printer, sends it with `lp`.
    private func spool(_ pdf: Data, name: String, title: String) throws -> OkuyamiPrintout {
        let folder = dataDirectory.appendingPathComponent("spool")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let url = folder.appendingPathComponent("\(name)-\(formatter.string(from: clock.now())).pdf")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try pdf.write(to: url, options: .atomic)
        } catch {
            throw CommandFailure.refused("PDF を書き込めません: \(url.path)（\(error.localizedDescription)）。保存先を確かめてください。")
        }
        guard let printer = config.printer, !printer.isEmpty else {
            return OkuyamiPrintout(title: title, path: url.path, printer: nil)
        }
        let lp = Process()
        lp.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        lp.arguments = ["lp", "-d", printer, url.path]
        lp.standardOutput = FileHandle.nullDevice
        lp.standardError = FileHandle.nullDevice
        do {
            try lp.run()
            lp.waitUntilExit()
        } catch {
            throw CommandFailure.refused("印刷できません（lp を実行できません）。PDF は \(url.path) にあります。")
        }
        guard lp.terminationStatus == 0 else {
            throw CommandFailure.refused("プリンタ \(printer) に送れませんでした（lp 終了コード \(lp.terminationStatus)）。PDF は \(url.path) にあります。")
        }
        return OkuyamiPrintout(title: title, path: url.path, printer: printer)
    }
}

extension Runtime {
    /// Runs an おくやみ effect; its result as a message.
    func performOkuyami(_ effect: OkuyamiEffect, clerk: String?) -> [Msg] {
        guard let okuyami else {
            return [.okuyami(.failed("おくやみの機能を開けません（データフォルダを確かめてください）。"))]
        }
        return [.okuyami(okuyami.run(effect, clerk: clerk ?? DataLocations.clerkID(option: nil)))]
    }
}
