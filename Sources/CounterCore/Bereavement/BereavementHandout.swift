import Foundation
import JapaneseKit

/// The family handout (お手続き一覧): the case's procedures grouped by department in walking
/// order, each with a checkbox, its deadline (和暦 and 西暦), what to bring and where to go,
/// and the city's contact lines.
public enum BereavementHandout {
    /// Builds the PDF for `bereavementCase`; the deceased is printed as 「故 … 様」.
    public static func document(for bereavementCase: BereavementCase, cityName: String,
                                walkingOrder: WalkingOrder, created: Date) -> PDFDocument {
        let deceasedName = bereavementCase.deceasedName
        var writer = Writer(caseNumber: bereavementCase.number, cityName: cityName, contact: walkingOrder.contact, created: created)
        writer.header(deceasedName: deceasedName, dateOfDeath: bereavementCase.dateOfDeath, funeral: bereavementCase.funeralDate)

        // Group by department in walking order (a case keeps the order it was opened with).
        var groups: [(String, [BereavementCase.Item])] = []
        for item in bereavementCase.items {
            if let last = groups.indices.last, groups[last].0 == item.item.department {
                groups[last].1.append(item)
            } else {
                groups.append((item.item.department, [item]))
            }
        }
        groups.sort { walkingOrder.position(of: $0.0) < walkingOrder.position(of: $1.0) }
        for (name, items) in groups {
            let department = walkingOrder.department(named: name) ?? BereavementDepartment(name: name, counter: items[0].item.counter)
            writer.department(department)
            for item in items { writer.item(item, departmentCounter: department.counter) }
        }
        if groups.isEmpty { writer.paragraph("該当する手続きはありません。", size: 10) }
        return writer.finish(title: "お手続き一覧 \(bereavementCase.number)")
    }

    /// `令和8年11月24日（火）［2026-11-24］`.
    public static func dateText(_ date: CivilDate) -> String {
        "\(date.warekiLong)（\(date.weekdaySymbol)）［\(date.iso)］"
    }

    // MARK: - Layout

    private struct Writer {
        static let left = 42.0
        static let right = PDFPage.a4.width - 42
        static let bottom = PDFPage.a4.height - 60

        let caseNumber: String
        let cityName: String
        let contact: String
        let created: Date
        var pages: [PDFPage] = []
        var page = PDFPage()
        var y = 0.0

        init(caseNumber: String, cityName: String, contact: String, created: Date) {
            self.caseNumber = caseNumber
            self.cityName = cityName
            self.contact = contact
            self.created = created
            startPage()
        }

        mutating func startPage() {
            page = PDFPage()
            page.text("お手続き一覧", x: Self.left, y: 52, size: 18, font: .gothic)
            page.text("受付番号 \(caseNumber)", x: Self.right, y: 52, size: 10, font: .gothic, alignment: .right)
            page.line(from: Self.left, 60, to: Self.right, 60, width: 1)
            y = 78
        }

        mutating func ensure(_ height: Double) {
            if y + height > Self.bottom {
                pages.append(page)
                startPage()
            }
        }

        mutating func header(deceasedName: String, dateOfDeath: CivilDate, funeral: CivilDate?) {
            page.text("故 \(deceasedName) 様", x: Self.left, y: y, size: 12, font: .gothic)
            y += 18
            var line = "亡くなった日: \(BereavementHandout.dateText(dateOfDeath))"
            if let funeral { line += "　葬儀の日: \(BereavementHandout.dateText(funeral))" }
            paragraph(line, size: 9.5)
            paragraph("この一覧は\(cityName)の窓口で確認した、ご家族に必要なお手続きです。上から順に窓口をお回りください。"
                      + "済んだ手続きは□に印をつけてください。期限は土日・祝日・年末年始を考えて計算しています。", size: 9)
            y += 6
        }

        mutating func paragraph(_ text: String, size: Double, indent: Double = 0, gray: Double = 0, font: PDFFont = .mincho) {
            for line in PDFFont.wrap(text, width: Self.right - Self.left - indent, size: size) {
                ensure(size + 4)
                page.text(line, x: Self.left + indent, y: y + size, size: size, font: font, gray: gray)
                y += size + 4
            }
        }

        mutating func department(_ department: BereavementDepartment) {
            ensure(70)
            y += 6
            page.rectangle(x: Self.left, y: y, width: Self.right - Self.left, height: 20, stroke: nil, fill: 0.88)
            page.text(department.name, x: Self.left + 6, y: y + 14.5, size: 12, font: .gothic)
            let nameWidth = PDFFont.width(of: department.name, size: 12)
            page.text(department.counter, x: Self.left + 18 + nameWidth, y: y + 14, size: 9.5, font: .gothic)
            y += 24
            var contactLine = [department.phone.isEmpty ? nil : "電話 \(department.phone)",
                               department.hours.isEmpty ? nil : "受付 \(department.hours)"].compactMap { $0 }.joined(separator: "　")
            if let note = department.note { contactLine += (contactLine.isEmpty ? "" : "　") + note }
            if !contactLine.isEmpty { paragraph(contactLine, size: 8.5, indent: 6, gray: 0.25) }
            y += 2
        }

        mutating func item(_ entry: BereavementCase.Item, departmentCounter: String) {
            let item = entry.item
            ensure(46)
            let skipped = entry.status == .notApplicable
            let gray = skipped ? 0.5 : 0
            // The checkbox, ticked when the counter has already marked the item 完了.
            page.rectangle(x: Self.left + 6, y: y + 2, width: 10, height: 10, stroke: 0, lineWidth: 0.8)
            if entry.status == .done {
                page.line(from: Self.left + 7.5, y + 7, to: Self.left + 10.5, y + 10.5, width: 1.2)
                page.line(from: Self.left + 10.5, y + 10.5, to: Self.left + 15, y + 3, width: 1.2)
            }
            var title = item.title
            switch entry.status {
            case .done: title += "（済）"
            case .notApplicable: title += "（対象外）"
            case .later: title += "（後日）"
            case .todo:
                if item.needsAnswers { title += "（要確認）" } else if item.context { title += "（市役所以外の手続き・必要な方のみ）" }
            }
            page.text(title, x: Self.left + 22, y: y + 11, size: 11, font: .gothic, gray: gray)
            y += 16
            let indent = 22.0
            let deadline: String
            if let due = item.due {
                deadline = "期限: \(BereavementHandout.dateText(due))まで" + (item.deadlineText.isEmpty ? "" : "（\(item.deadlineText)）")
            } else {
                deadline = "期限: " + (item.deadlineText.isEmpty ? "なし" : item.deadlineText)
            }
            paragraph(deadline, size: 9.5, indent: indent, gray: gray, font: .gothic)
            if entry.status == .todo {
                for question in item.questions {
                    paragraph("要確認: \(question.text)（お答えによって必要かどうかが決まります）", size: 9, indent: indent, gray: gray, font: .gothic)
                }
            }
            if let amount = item.amount { paragraph(amount, size: 9, indent: indent, gray: gray) }
            if !item.documents.isEmpty { paragraph("持ち物: " + item.documents.joined(separator: "、"), size: 9, indent: indent, gray: gray) }
            if !item.applicants.isEmpty { paragraph("届け出る方: " + item.applicants.joined(separator: "、"), size: 9, indent: indent, gray: gray) }
            if item.counter != departmentCounter { paragraph("窓口: " + item.counter, size: 9, indent: indent, gray: gray) }
            if let note = item.note { paragraph(note, size: 8.5, indent: indent, gray: skipped ? 0.5 : 0.25) }
            y += 5
        }

        mutating func finish(title: String) -> PDFDocument {
            pages.append(page)
            var document = PDFDocument(title: title, created: created)
            let total = pages.count
            let madeOn = CivilDate(created)
            for (index, var p) in pages.enumerated() {
                p.line(from: Self.left, Self.bottom + 14, to: Self.right, Self.bottom + 14, width: 0.5, gray: 0.5)
                p.text("お問い合わせ: \(contact.isEmpty ? cityName : contact)", x: Self.left, y: Self.bottom + 28, size: 8.5)
                p.text("\(madeOn.warekiLong)作成　\(index + 1)/\(total)", x: Self.right, y: Self.bottom + 28, size: 8.5, alignment: .right)
                document.append(p)
            }
            return document
        }
    }
}
