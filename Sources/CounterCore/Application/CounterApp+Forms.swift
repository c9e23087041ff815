import Foundation

/// Issuing forms (交付): always through eligibility and a durable `form_printed` record
/// before any paper or PDF leaves, for every face.
extension CounterApp {
    /// Where issued forms go.
    public enum Destination: Sendable, Equatable {
        /// The counter's printer (spool folder, then `lp` when config.yaml names a printer).
        case counter
        /// One PDF file the clerk named (all forms in it).
        case file(URL)
    }

    /// What printing produced.
    public struct Issued: Equatable, Sendable {
        /// The `form_printed` records, one per form.
        public var records: [AppendedRecord]
        /// The PDF files written (one per form at the counter, one in all for a named file).
        public var files: [URL]
        /// The printer they were sent to, when one is configured.
        public var printer: String?
    }

    /// Records each form as issued, then prints it. A form that is not eligible, or whose
    /// record cannot be written, is not printed, and nothing after it either.
    public func issue(_ forms: [FilledForm], clerk: String, to destination: Destination = .counter) throws(CounterAppError) -> Issued {
        var issued = Issued(records: [], files: [], printer: nil)
        var combined: PDFDocument?
        let now = clock.now()
        for form in forms {
            let record = try engine { try FormIssuance.record(form, in: journal, clerk: clerk) }
            issued.records.append(record)
            let document = FormPrintout.document(for: form, printedAt: now)
            switch destination {
            case .counter:
                let printout = try engine { try printer.print(document.data(), name: "\(form.caseNumber)-\(form.formID)-\(record.seq)") }
                issued.files.append(printout.file)
                issued.printer = printout.printer
            case .file:
                if combined == nil { combined = PDFDocument(title: forms.count == 1 ? form.title : "申請書 \(form.caseNumber)", created: now) }
                for page in document.pages { combined?.append(page) }
            }
        }
        if case .file(let url) = destination, let combined {
            try engine { try CounterPrinter.write(combined.data(), to: url) }
            issued.files.append(url)
        }
        return issued
    }

    /// Pre-fills `formID` for a resident as the command line asks it: subject, requester (a
    /// resident or a relation the clerk checked), values typed at the counter.
    public func prefill(formID: String, subject: String, requester: String?, declared: RequesterRelation?,
                        entered: [String: String], caseNumber: String, clerk: String) throws(CounterAppError) -> FilledForm {
        guard let definition = forms.form(id: formID) else {
            throw .refused("帳票「\(formID)」はありません。使える帳票: \(forms.forms.map(\.id).joined(separator: ", "))")
        }
        let people = try people(subject: subject, requester: requester, clerk: clerk)
        var who: Requester = declared.map(Requester.declared) ?? .subject
        if let person = people.requester {
            who = declared.map { .residentDeclared(person, $0) } ?? .resident(person)
        }
        let context = CaseContext(caseNumber: caseNumber, subject: people.subject.resident, household: people.subject.household,
                                  requester: who, entered: entered, clerkID: clerk, cityName: config.cityName, today: clock.today())
        return Prefill.fill(definition, in: context)
    }
}
