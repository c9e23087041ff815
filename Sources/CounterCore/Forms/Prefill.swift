import Foundation
import JapaneseKit

/// Fills a form from a case: the registry, the clock, the clerk, and what was typed.
public enum Prefill {
    /// The filled form for `form` in `context`. Pure: no file, no clock, no journal.
    public static func fill(_ form: FormDefinition, in context: CaseContext) -> FilledForm {
        let eligibility = EligibilityCheck.evaluate(form, in: context)
        var warnings = eligibility.notes
        var resolved: [(FormField, String?, Provenance)] = []
        for field in form.fields {
            let (value, provenance, warning) = resolve(field, context: context, standing: eligibility.standing)
            if let warning { warnings.append(warning) }
            resolved.append((field, value, provenance))
        }
        let values = Dictionary(resolved.map { ($0.0.key, $0.1 ?? "") }, uniquingKeysWith: { a, _ in a })
        var fields: [FilledField] = []
        for (field, value, provenance) in resolved {
            var required = field.required
            if let cond = field.requiredWhen, let current = values[cond.key], cond.values.contains(current) { required = true }
            let missing = required && !field.isHandwritten && (value ?? "").isEmpty
            let applies = field.requiredWhen == nil || required || !(value ?? "").isEmpty
            fields.append(FilledField(key: field.key, label: field.label, type: field.type, value: value,
                                      provenance: provenance, required: required, missing: missing, help: field.help,
                                      applies: applies))
        }

        // 個人番号 on a certificate requested by an agent goes by post to the subject.
        if eligibility.standing.relation == .agent {
            for field in form.fields where field.type == .yesNo && field.key.contains("my_number")
                && EnteredText.yesNo(context.value(field.key), field: field) == true {
                warnings.append("代理人の請求のため、「\(field.label)」ありの証明書は窓口で渡せません。対象者の住所へ郵送してください。")
            }
        }

        var copies = 1
        if form.field("copies") != nil, let text = values["copies"], let n = EnteredText.number(text), n >= 1 { copies = n }

        // A chosen option may carry its own fee (除籍 750円 on the 戸籍 form).
        var fee = form.fee
        for field in form.fields where !field.optionFees.isEmpty {
            if let chosen = values[field.key], let optionFee = field.optionFees[chosen] { fee = optionFee; break }
        }

        return FilledForm(formID: form.id, title: form.title, department: form.department, fee: fee,
                          feeNote: form.feeNote, copies: copies, fields: fields, eligibility: eligibility,
                          warnings: warnings, subjectID: context.subject.id, caseNumber: context.caseNumber,
                          clerkID: context.clerkID, clerkName: context.clerkName, cityName: context.cityName,
                          requesterID: context.requester.resident(subject: context.subject).map(\.id).flatMap { $0 == context.subject.id ? nil : $0 })
    }

    /// Fills every form in `forms` from the same case: one typed value serves them all.
    public static func fill(_ forms: [FormDefinition], in context: CaseContext) -> [FilledForm] {
        forms.map { fill($0, in: context) }
    }

    // MARK: - One field

    static func resolve(_ field: FormField, context: CaseContext, standing: RequesterStanding)
        -> (String?, Provenance, String?) {
        switch field.source {
        case .handwritten:
            return (nil, .handwritten, nil)
        case let .constant(text):
            return (text, .constant, nil)
        case .entered:
            guard let raw = context.value(field.key) else { return (nil, .entered, nil) }
            let (value, warning) = normalize(raw, field: field)
            return (value, .entered, warning)
        case let .binding(binding):
            let known = bound(binding, context: context, standing: standing)
            if let (value, provenance) = known, !value.isEmpty {
                if context.value(field.key) != nil, binding.enteredFallbackKey == nil {
                    return (value, provenance, "「\(field.label)」は住民記録の値を使います（入力された値は使いません）。")
                }
                return (value, provenance, nil)
            }
            let key = binding.enteredFallbackKey ?? field.key
            // Nothing typed: a field the record holds empty (no 方書) is still the record's.
            guard let raw = context.value(key) else { return (nil, known?.1 ?? .entered, nil) }
            if binding.isDate {
                switch FormDates.parse(raw) {
                case let .success(date):
                    return (binding.rawValue.hasSuffix(".wareki") ? FormDates.wareki(date) : date.iso, .entered, nil)
                case let .failure(error):
                    return (nil, .entered, "「\(field.label)」: \(error.message)")
                }
            }
            let (value, warning) = normalize(raw, field: field)
            return (value, .entered, warning)
        }
    }

    /// A typed value checked against the field's type; nil with a warning when unusable.
    static func normalize(_ raw: String, field: FormField) -> (String?, String?) {
        if EnteredText.looksSensitive(raw) {
            return (nil, "「\(field.label)」: 個人番号やカード番号のような数字は入力・印刷できません。値は使いません。")
        }
        switch field.type {
        case .text:
            return (raw, nil)
        case .number:
            guard let n = EnteredText.number(raw) else { return (nil, "「\(field.label)」は数字で入力してください。") }
            return (field.key == "account_number" ? EnteredText.fold(raw) : String(n), nil)
        case .date:
            switch FormDates.parse(raw) {
            case let .success(date): return (field.dateStyle == .iso ? date.iso : FormDates.wareki(date), nil)
            case let .failure(error): return (nil, "「\(field.label)」: \(error.message)")
            }
        case .choice:
            let folded = EnteredText.fold(raw)
            if let option = field.options.first(where: { EnteredText.fold($0) == folded }) { return (option, nil) }
            if let index = EnteredText.number(raw), index >= 1, index <= field.options.count { return (field.options[index - 1], nil) }
            return (nil, "「\(field.label)」は次から選んでください: \(field.options.joined(separator: "・"))")
        case .yesNo:
            let words = field.yesNoWords
            switch EnteredText.yesNo(raw, field: field) {
            case true?: return (words.yes, nil)
            case false?: return (words.no, nil)
            case nil: return (nil, "「\(field.label)」は「\(words.yes)」か「\(words.no)」で入力してください。")
            }
        }
    }

    /// The value the case knows for `binding`, with where it came from.
    static func bound(_ binding: FieldBinding, context: CaseContext, standing: RequesterStanding) -> (String, Provenance)? {
        let s = context.subject
        let requester = context.requester.resident(subject: s)
        switch binding {
        case .subjectID: return (s.id, .registry)
        case .subjectName: return (s.name, .registry)
        case .subjectKana: return (s.kana, .registry)
        case .subjectFormerSurname: return s.formerSurname.map { ($0, .registry) }
        case .subjectAlias: return s.alias.map { ($0, .registry) }
        // A 生年月日 no calendar holds prints as the record writes it (昭和10年頃), in either form.
        case .subjectBirthdate: return (s.birthdateISO ?? s.birthdateWareki, .registry)
        case .subjectBirthdateWareki: return (s.birthdateWareki, .registry)
        case .subjectSex: return (s.sex == .male ? "男" : "女", .registry)
        case .subjectRelationship: return (s.relationship, .registry)
        case .subjectPostalCode: return (s.postalCode, .registry)
        case .subjectAddress: return (s.address, .registry)
        case .subjectAddressDetail: return (s.addressDetail, .registry)
        case .subjectHonseki: return (s.honseki, .registry)
        case .subjectHittousha: return (s.hittousha, .registry)
        case .requesterName: return requester.map { ($0.name, .registry) }
        case .requesterKana: return requester.map { ($0.kana, .registry) }
        case .requesterAddress: return requester.map { ($0.address + ($0.addressDetail.isEmpty ? "" : " " + $0.addressDetail), .registry) }
        case .requesterRelation: return (standing.relation.japaneseName, standing.provenance)
        case .householdID: return (s.householdID, .registry)
        case .householdHeadName: return context.householdHead.map { ($0.name, .registry) }
        case .caseNumber: return (context.caseNumber, .computed)
        case .caseDateOfDeath: return context.registeredDateOfDeath.map { ($0.iso, .registry) }
        case .caseDateOfDeathWareki: return context.registeredDateOfDeath.map { (FormDates.wareki($0), .registry) }
        case .caseFuneralDate, .caseFuneralDateWareki: return nil
        case .today: return (context.today.iso, .computed)
        case .todayWareki: return (FormDates.wareki(context.today), .computed)
        case .clerkName: return (context.clerkName, .computed)
        case .cityName: return (context.cityName, .computed)
        }
    }
}

extension Prefill {
    /// `filled` under another 受付番号: the case number and every field bound to it
    /// (`case.number`). Lets a form be checked before its case is opened, then issued under
    /// the case's number without looking the resident up again.
    public static func renumbered(_ filled: FilledForm, to caseNumber: String, definition: FormDefinition) -> FilledForm {
        var result = filled
        result.caseNumber = caseNumber
        let bound = Set(definition.fields.filter { $0.source == .binding(.caseNumber) }.map(\.key))
        for i in result.fields.indices where bound.contains(result.fields[i].key) { result.fields[i].value = caseNumber }
        return result
    }
}
