import CounterCore
import CounterUI
import Foundation
import JapaneseKit

/// The bereavement engines the counter screen opens once, beside the registry and the forms:
/// the rule book (Forms/bereavement, checked against the form library) and the case store
/// (`<data-dir>/cases.sqlite`, every change journaled).
struct OkuyamiEngines: Sendable {
    let book: BereavementRuleBook
    let store: BereavementCaseStore

    static func open(dataDirectory: URL, formsDirectory: URL, forms: FormLibrary, clock: any WallClock,
                     journal: Journal) throws -> OkuyamiEngines {
        do {
            return OkuyamiEngines(book: BereavementRuleBook.load(directory: formsDirectory, forms: forms),
                                  store: try BereavementCaseStore(dataDirectory: dataDirectory, clock: clock, journal: journal))
        } catch let error as BereavementCaseError {
            throw CommandFailure.refused(error.message)
        }
    }
}

/// The おくやみ screens' effects, run as the signed-in clerk against the same engine functions
/// `madoguchi okuyami` calls.
extension Runtime {
    func performOkuyami(_ effect: OkuyamiEffect, context: CounterContext) -> [Msg] {
        do {
            return [.okuyami(try runOkuyami(effect, clerk: context.clerkID ?? ""))]
        } catch let error as BereavementCaseError {
            return [.okuyami(.failed(error.message))]
        } catch {
            return [.okuyami(.failed(Self.message(for: error)))]
        }
    }

    private func runOkuyami(_ effect: OkuyamiEffect, clerk: String) throws -> OkuyamiMsg {
        let engines = services.okuyami
        switch effect {
        case let .search(query):
            return .searchResults(query: query, results: try okuyamiRegistry().search(query, limit: 50, order: .deceasedFirst, clerk: clerk))

        case let .loadDeceased(id):
            let found = try okuyamiRegistry().residentWithHousehold(id: id, clerk: clerk)
            guard found.resident.status == .current || found.resident.status == .deceased else {
                return .failed("\(found.resident.status.japaneseName)の方は、この市のおくやみ手続きの対象ではありません。宛名番号を確かめてください。")
            }
            return .deceasedLoaded(OkuyamiDeceased(resident: found.resident, household: found.household,
                                                   existingCases: try engines.store.cases(deceasedID: id), today: clock.today()))

        case let .loadCase(number):
            return .caseLoaded(try engines.store.load(number: number), walkingOrder: engines.book.walkingOrder, today: clock.today())

        case let .openCase(request):
            guard engines.book.problems.isEmpty else {
                return .failed("おくやみ手続ルールに問題があるためチェックリストを作れません（madoguchi okuyami rules で確認してください）。")
            }
            let found = try okuyamiRegistry().residentWithHousehold(id: request.deceasedID, clerk: clerk)
            let facts = DeathFacts(deceased: found.resident, household: found.household, dateOfDeath: request.dateOfDeath,
                                   knownDate: request.knownDate, funeralDate: request.funeralDate)
            let checklist = BereavementChecklist(facts: facts, book: engines.book)
            let opened = try engines.store.open(checklist: checklist, applicantID: request.applicantID, clerk: clerk)
            return .caseLoaded(opened, walkingOrder: engines.book.walkingOrder, today: clock.today())

        case let .setStatus(number, item, status):
            return .caseUpdated(try engines.store.setStatus(status, item: item, number: number, clerk: clerk))

        case let .printHandout(number):
            let bereavementCase = try engines.store.load(number: number)
            let document = BereavementHandout.document(for: bereavementCase, cityName: services.config.cityName,
                                                       walkingOrder: engines.book.walkingOrder, created: clock.now())
            // Recorded before the paper leaves, as every printout is.
            let record = try services.journal.append(.formPrinted, clerk: clerk, fields: [
                "form": "okuyami_handout", "title": "お手続き一覧", "subject": .string(bereavementCase.deceasedID),
                "case": .string(number), "items": .object([:]), "copies": 1, "fee": 0, "total_fee": 0,
            ])
            return .printed(try spoolHandout(document.data(), name: "\(number)-handout-\(record.seq)"))

        case let .fillForm(number, itemID):
            let bereavementCase = try engines.store.load(number: number)
            guard var entry = bereavementCase.item(itemID), let formID = entry.item.form else {
                return .failed("この手続きに申請書はありません。")
            }
            let registry = try okuyamiRegistry()
            let found = try registry.residentWithHousehold(id: bereavementCase.deceasedID, clerk: clerk)
            let applicant = try bereavementCase.applicantID.map { id in try registry.resident(id: id, clerk: clerk) }
            // The same engine as `okuyami --forms-pdf`, over this one item (whatever its status).
            entry.status = .todo
            var single = bereavementCase
            single.items = [entry]
            let (filled, skipped) = BereavementForms.fill(single, library: services.forms, deceased: found.resident,
                                                          household: found.household, applicant: applicant, clerkID: clerk,
                                                          cityName: services.config.cityName, today: clock.today())
            if let form = filled.first { return .formFilled(form) }
            if entry.item.formSubject == .applicant, applicant == nil {
                return .failed("届け出る方の申請書です。来庁された方が住民登録のない方のため記入できません（用紙でご案内ください）。")
            }
            return .failed(skipped.first?.reason ?? "申請書「\(formID)」を用意できません。madoguchi forms check で確かめてください。")
        }
    }

    private func okuyamiRegistry() throws -> ResidentRegistry {
        guard let registry = services.registry else {
            throw CommandFailure.refused(services.registryProblem ?? "住民データがありません。")
        }
        return registry
    }

    /// Writes the handout into the spool folder and, when config.yaml names a printer, sends it
    /// with `lp` as the forms are sent.
    private func spoolHandout(_ pdf: Data, name: String) throws -> OkuyamiPrintout {
        let url = services.spoolDirectory.appendingPathComponent("\(name).pdf")
        do {
            try FileManager.default.createDirectory(at: services.spoolDirectory, withIntermediateDirectories: true)
            try pdf.write(to: url, options: .atomic)
        } catch {
            throw CommandFailure.refused("PDF を書き込めません: \(url.path)（\(error.localizedDescription)）。データフォルダの空き容量と権限を確かめてください。")
        }
        guard let printer = services.config.printer, !printer.isEmpty else {
            return OkuyamiPrintout(title: "お手続き一覧", path: url.path, printer: nil)
        }
        let lp = Process()
        lp.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        lp.arguments = ["lp", "-d", printer, "-n", "1", url.path]
        lp.standardOutput = FileHandle.nullDevice
        lp.standardError = FileHandle.nullDevice
        do {
            try lp.run()
            lp.waitUntilExit()
        } catch {
            throw CommandFailure.refused("印刷できません（lp を実行できません）。PDF は spool に保存しました。")
        }
        guard lp.terminationStatus == 0 else {
            throw CommandFailure.refused("プリンタ \(printer) に送れませんでした（lp 終了コード \(lp.terminationStatus)）。PDF は spool に保存しました。プリンタを確認してください。")
        }
        return OkuyamiPrintout(title: "お手続き一覧", path: url.path, printer: printer)
    }
}
