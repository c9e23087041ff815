import Foundation
import JapaneseKit

/// Pre-fills the forms a bereavement case links (`form:` of each rule) through the forms
/// engine, so the family only checks and signs.
public enum BereavementForms {
    /// A linked form that could not be filled, and why (for the clerk).
    public struct Skipped: Hashable, Sendable {
        public var itemID: String
        public var formID: String
        public var reason: String
    }

    /// The filled forms of the case's items that link a form, in checklist order. Items the
    /// clerk marked 対象外 or 完了 are left out, and each form is filled once.
    ///
    /// The deceased is the subject of their own forms; for `form_subject: applicant` forms
    /// (児童手当 認定請求) the applicant is, and without an applicant those are skipped. The
    /// case's dates and the rule's `form_values` are entered, so one entry serves every form.
    public static func fill(_ bereavementCase: BereavementCase, library: FormLibrary, deceased: Resident, household: [Resident],
                            applicant: Resident?, clerkID: String, cityName: String, today: CivilDate)
        -> (forms: [FilledForm], skipped: [Skipped]) {
        var seen: Set<String> = []
        var forms: [FilledForm] = []
        var skipped: [Skipped] = []
        for entry in bereavementCase.items where entry.status == .todo || entry.status == .later {
            let item = entry.item
            guard let id = item.form, !seen.contains(id) else { continue }
            guard let form = library.form(id: id) else {
                skipped.append(Skipped(itemID: item.id, formID: id, reason: "帳票 \(id) が Forms/procedures にありません。"))
                continue
            }
            var entered = ["date_of_death": bereavementCase.dateOfDeath.iso]
            if let funeral = bereavementCase.funeralDate { entered["funeral_date"] = funeral.iso }
            for (key, value) in item.formValues {
                switch value {
                case "=date_of_death": entered[key] = bereavementCase.dateOfDeath.iso
                case "=funeral_date": entered[key] = bereavementCase.funeralDate?.iso
                default: entered[key] = value
                }
            }
            let context: CaseContext
            switch item.formSubject {
            case .deceased:
                context = CaseContext(caseNumber: bereavementCase.number, subject: deceased, household: household,
                                      requester: applicant.map { .resident($0) } ?? .declared(.household),
                                      entered: entered, clerkID: clerkID, cityName: cityName, today: today)
            case .applicant:
                guard let applicant else {
                    skipped.append(Skipped(itemID: item.id, formID: id,
                                           reason: "届け出る方の申請書です。--applicant で届け出る方の宛名番号を指定してください。"))
                    continue
                }
                let sameHousehold = household.contains { $0.id == applicant.id }
                context = CaseContext(caseNumber: bereavementCase.number, subject: applicant,
                                      household: sameHousehold ? household : [applicant], requester: .subject,
                                      entered: entered, clerkID: clerkID, cityName: cityName, today: today)
            }
            seen.insert(id)
            forms.append(Prefill.fill(form, in: context))
        }
        return (forms, skipped)
    }
}
