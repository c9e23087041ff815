import Foundation
import JapaneseKit

/// Issuing forms (交付): always through eligibility and a durable `form_printed` record
/// before any paper or PDF leaves, for every face.
extension CounterApp {
    /// Where issued forms go.
    public enum Destination: Sendable, Equatable {
        /// The counter's printer (spool folder, then `lp` when config.yaml names a printer).
        case counter
        /// One PDF file the clerk named (all forms in it).
        case file(URL)

        /// Refuses a named file that is not a printout to write, before anything is recorded:
        /// its name must end in .pdf, its folder must exist (none is made), and a file already
        /// there is replaced only when it is a PDF itself — never a journal, a config or a
        /// registry given by mistake.
        public func check() throws(CounterAppError) {
            guard case .file(let url) = self else { return }
            let path = url.path
            guard url.pathExtension.lowercased() == "pdf" else {
                throw .refused("PDF の書き出し先は .pdf で終わる名前にしてください（\(DisplaySanitizer.sanitize(path))）。")
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isFolder), isFolder.boolValue else {
                throw .refused("書き出し先のフォルダ \(DisplaySanitizer.sanitize(url.deletingLastPathComponent().path)) がありません。あるフォルダを指定してください。")
            }
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
            let head = FileHandle(forReadingAtPath: path).flatMap { handle in
                defer { try? handle.close() }
                return try? handle.read(upToCount: 5)
            }
            guard !isFolder.boolValue, head == Data("%PDF-".utf8) else {
                throw .refused("\(DisplaySanitizer.sanitize(path)) は PDF ではないファイルです。上書きしません。別の名前を指定してください。")
            }
        }
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
        try destination.check()
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
