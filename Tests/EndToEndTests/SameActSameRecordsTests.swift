import CounterCore
import CounterUI
import Foundation
import Testing

/// Each use case done once through the command line (the built binary) and once through the
/// counter screen's effect runner, on two data directories made alike: the journals must hold
/// the same records, field for field (time and hashes aside).
@Suite(.serialized) struct SameActSameRecordsTests {
    /// A data directory with the おくやみ residents imported, clerks k01/sup1 and terminal T01.
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString)")
        try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01"])
        let csv = dir.appendingPathComponent("residents.csv")
        try ([OkuyamiCommandTests.header] + OkuyamiCommandTests.rows).joined(separator: "\n").appending("\n")
            .write(to: csv, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", "residents", csv.path, "--data-dir", dir.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        try FileManager.default.removeItem(at: csv)
        return dir
    }

    struct Pair {
        let cli: URL
        let screen: URL
        let app: CounterApp
        let effects: CounterEffects
        let context = CounterContext(cityName: "いわき市", terminalID: "T01", clerk: "試験 k01", clerkID: "k01")

        init() throws {
            cli = try SameActSameRecordsTests.directory()
            screen = try SameActSameRecordsTests.directory()
            app = try CounterApp.open(directory: DataDirectory(screen), formsDirectory: FormsDirectory.url, purpose: .live,
                                      clock: SystemClock())
            effects = CounterEffects(app: app)
        }

        func command(_ arguments: [String], pin: String = TestClerks.pin) throws -> Binary.Result {
            try Binary.run(arguments + ["--data-dir", cli.path, "--forms", FormsDirectory.url.path],
                           environment: ["MADOGUCHI_CLERK": "k01", "MADOGUCHI_PIN": pin])
        }

        @discardableResult
        func screen(_ effect: Effect) -> [Msg] { effects.perform(effect, context: context) }

        /// The records both wrote since `mark` (counts of records before the act).
        func newRecords(since mark: (Int, Int)) -> ([String], [String]) {
            (Array(ParityRecords.of(cli).dropFirst(mark.0)), Array(ParityRecords.of(screen).dropFirst(mark.1)))
        }

        var mark: (Int, Int) { (ParityRecords.of(cli).count, ParityRecords.of(screen).count) }

        func remove() {
            try? FileManager.default.removeItem(at: cli)
            try? FileManager.default.removeItem(at: screen)
        }
    }

    /// Runs one act both ways and expects the same, non-empty, records of `types`.
    func expectSame(_ pair: Pair, _ what: String, types: [String], cli: [String], pin: String = TestClerks.pin,
                    screen: () -> Void) throws {
        let mark = pair.mark
        let result = try pair.command(cli, pin: pin)
        if pin == TestClerks.pin { #expect(result.status == 0 || result.status == 3, "\(what): \(result.stderr)") }
        screen()
        let (a, b) = pair.newRecords(since: mark)
        #expect(a.map(Self.type) == types, "\(what) from the command line: \(a)")
        #expect(a == b, "\(what): the command line and the screen wrote different records\n\(a)\n\(b)")
    }

    static func type(_ record: String) -> String {
        (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["type"] as? String ?? "?"
    }

    @Test func everyUseCaseWritesTheSameRecordsFromBothFaces() throws {
        let pair = try Pair()
        defer { pair.remove() }

        try expectSame(pair, "search", types: ["access"], cli: ["search", "やまだ"]) {
            pair.screen(.clerk(.search("やまだ")))
        }
        try expectSame(pair, "view a resident", types: ["access"], cli: ["resident", "1000002"]) {
            pair.screen(.clerk(.openResident(id: "1000002")))
        }
        try expectSame(pair, "open a case", types: ["case_opened"], cli: ["case", "open", "--procedure", "certificate"]) {
            pair.screen(.clerk(.openCase(procedure: "certificate")))
        }
        // Issue a 住民票: the command line looks the subject up (one access) and prints; the
        // screen had opened the record (one access) and prints the form it filled from it.
        let values = ["copies": "1", "certificate_kind": "住民票の写し", "scope": "世帯全員", "item_head_relation": "記載する",
                      "item_honseki": "記載しない", "item_my_number": "記載しない", "item_juminhyo_code": "記載しない"]
        let pdf = pair.cli.appendingPathComponent("form.pdf").path
        try expectSame(pair, "issue a form", types: ["access", "form_printed"],
                       cli: ["prefill", "juminhyo", "--subject", "1000002", "--case", "T01-C3", "--pdf", pdf]
                           + values.sorted(by: { $0.key < $1.key }).flatMap { ["--set", "\($0.key)=\($0.value)"] }) {
            guard case .clerk(.residentOpened(let resident, let household))? = pair.screen(.clerk(.openResident(id: "1000002"))).first,
                  let definition = pair.app.forms.form(id: "juminhyo") else { Issue.record("no record"); return }
            let filled = Prefill.fill(definition, in: CaseContext(caseNumber: "T01-C3", subject: resident, household: household,
                                                                  requester: .subject, entered: values, clerkID: "k01",
                                                                  cityName: pair.app.config.cityName, today: pair.app.clock.today()))
            pair.screen(.clerk(.printForms([filled])))
        }
        try expectSame(pair, "record a payment", types: ["payment"],
                       cli: ["pay", "--case", "T01-C3", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"]) {
            pair.screen(.clerk(.recordPayment(PaymentRequest(caseID: "T01-C3", method: "cash", amount: "300", items: ["juminhyo:1"],
                                                              clerk: "k01"))))
        }
        try expectSame(pair, "close a case", types: ["case_closed"], cli: ["case", "close", "T01-C3"]) {
            pair.screen(.clerk(.closeCase(caseID: "T01-C3")))
        }
        // おくやみ: open the case (both lookups journaled), resume it, mark an item, print the handout.
        let today = SystemClock().today()
        try expectSame(pair, "open a bereavement case", types: ["access", "access", "case_opened"],
                       cli: ["okuyami", "--deceased", "1000001", "--date-of-death", today.iso, "--applicant", "1000002"]) {
            pair.screen(.okuyami(.openCase(OkuyamiCaseRequest(deceasedID: "1000001", dateOfDeath: today, funeralDate: nil,
                                                              knownDate: nil, applicantID: "1000002"))))
        }
        let number = try #require(try pair.app.bereavementCases(of: "1000001").first)
        try expectSame(pair, "resume a bereavement case", types: ["access"], cli: ["okuyami", "case", number]) {
            pair.screen(.okuyami(.loadCase(number: number)))
        }
        try expectSame(pair, "mark an item done", types: ["access", "case_item_status"],
                       cli: ["okuyami", "case", number, "--set", "setainushi_henko=完了"]) {
            pair.screen(.okuyami(.loadCase(number: number)))
            pair.screen(.okuyami(.setStatus(number: number, item: "setainushi_henko", status: .done)))
        }
        let handout = pair.cli.appendingPathComponent("handout.pdf").path
        try expectSame(pair, "print the handout", types: ["access", "form_printed"], cli: ["okuyami", "case", number, "--pdf", handout]) {
            pair.screen(.okuyami(.loadCase(number: number)))
            pair.screen(.okuyami(.printHandout(number: number)))
        }
        // A wrong PIN: one refusal record, one more failure counted, whichever face it was typed at.
        try expectSame(pair, "a wrong PIN", types: ["sign_in_refused"], cli: ["search", "やまだ"], pin: "999999") {
            pair.screen(.clerk(.signIn(id: "k01", pin: "999999")))
        }
        #expect(try AppConfig.load(dataDirectory: pair.cli).clerk(id: "k01")?.failedPINs == 1)
        #expect(try AppConfig.load(dataDirectory: pair.screen).clerk(id: "k01")?.failedPINs == 1)
    }

    /// `okuyami --forms-pdf` issues the checklist's forms the way the screen's F9 + F8 does: each
    /// through eligibility, each with the full issuance record (no fields of its own).
    @Test func bereavementFormsAreIssuedWithTheSameRecordsFromBothFaces() throws {
        let pair = try Pair()
        defer { pair.remove() }
        let today = SystemClock().today()
        let formsPDF = pair.cli.appendingPathComponent("forms.pdf").path
        let cli = try pair.command(["okuyami", "--deceased", "1000001", "--date-of-death", today.iso, "--applicant", "1000002",
                                    "--forms-pdf", formsPDF])
        #expect(cli.status == 0, "\(cli.stderr)")
        let printed = ParityRecords.of(pair.cli).filter { Self.type($0) == "form_printed" }
        #expect(!printed.isEmpty)
        // The applicant is a resident other than the deceased: the forms name them as requester.
        let issuanceKeys: Set<String> = ["form", "title", "subject", "case", "items", "copies", "fee", "total_fee", "requester_relation",
                                         "requester"]
        for record in printed {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
            #expect(Set(object.keys).subtracting(["seq", "type", "clerk"]) == issuanceKeys, "\(record)")
        }
        // The same case at the screen: each linked form filled (F9) and printed (F8).
        pair.screen(.okuyami(.openCase(OkuyamiCaseRequest(deceasedID: "1000001", dateOfDeath: today, funeralDate: nil,
                                                          knownDate: nil, applicantID: "1000002"))))
        let number = try #require(try pair.app.bereavementCases(of: "1000001").first)
        let bereavementCase = try pair.app.bereavementCase(number)
        var seen: Set<String> = []
        var screenPrinted: [String] = []
        for entry in bereavementCase.items {
            guard let form = entry.item.form, !seen.contains(form) else { continue }
            seen.insert(form)
            guard case .okuyami(.formFilled(let filled))? = pair.screen(.okuyami(.fillForm(number: number, item: entry.item.id))).first,
                  filled.eligibility.ok else { continue }
            let mark = ParityRecords.of(pair.screen).count
            pair.screen(.clerk(.printForms([filled])))
            screenPrinted += ParityRecords.of(pair.screen).dropFirst(mark)
        }
        // Records minus their seq (the screen's view of each form adds access records between).
        func withoutSeq(_ records: [String]) -> [String] {
            records.map { record in
                var object = (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any]) ?? [:]
                object["seq"] = nil
                return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
            }
        }
        #expect(withoutSeq(printed) == withoutSeq(screenPrinted))
    }
}
