import Foundation
import JapaneseKit

/// Turns one CSV record into a `Resident`, or the list of what is wrong with it.
struct ResidentRowParser {
    /// Column index in the row (after `transform`) for each standard column present.
    let index: [ResidentColumn: Int]
    /// Number of fields every record must have.
    let fieldCount: Int
    /// The mapping's row steps, when it has any (a standard export); nil for the import format.
    var transform: ExportTransform?
    /// What CP932 外字 (private-use characters) stand for.
    var gaiji = GaijiTable()
    /// A birth date after this day is refused.
    var today: CivilDate
    let maxFieldBytes = 1024

    enum Outcome {
        case resident(Resident)
        case failure([ImportIssue])
        /// Left out by the mapping's `where` (a history row).
        case skipped
    }

    func parse(_ source: CSVRecord) -> Outcome {
        var record = source
        if let transform {
            switch transform.apply(source) {
            case .skip: return .skipped
            case .failure(let issues): return .failure(issues)
            case .record(let mapped): record = mapped
            }
        }
        let line = record.line
        guard record.fields.count == fieldCount else {
            return .failure([ImportIssue(line: line, column: nil,
                                         reason: .fieldCount(expected: fieldCount, found: record.fields.count))])
        }
        var issues: [ImportIssue] = []
        for (i, field) in record.fields.enumerated() where field.utf8.count > maxFieldBytes {
            let header = index.first(where: { $0.value == i })?.key.header ?? "\(i + 1)列目"
            issues.append(ImportIssue(line: line, column: header, reason: .tooLong(bytes: field.utf8.count)))
        }
        if !issues.isEmpty { return .failure(issues) }
        for (column, i) in index where GaijiTable.mayHoldPrivateUse(record.fields[i]) {
            switch gaiji.replacing(record.fields[i]) {
            case .success(let text): record.fields[i] = text
            case .failure(let missing): issues.append(ImportIssue(line: line, column: column.header, reason: missing.reason))
            }
        }
        if !issues.isEmpty { return .failure(issues) }
        for (column, i) in index where SensitiveNumbers.mayHoldSensitiveNumber(record.fields[i]) {
            // The 宛名番号 and 世帯番号 columns hold ids: in plain digits they are registered by
            // this import whatever their check digit (see `SensitiveNumbers`).
            if column == .id || column == .householdID, SensitiveNumbers.isPlainDigits(Self.compat(Self.clean(record.fields[i]))) {
                continue
            }
            if SensitiveNumbers.firstKind(in: record.fields[i]) != nil {
                issues.append(ImportIssue(line: line, column: column.header, reason: .sensitiveNumber))
            }
        }
        // 住所 and 方書 are shown and printed as one line: neither may hide half a number.
        if issues.isEmpty, let a = index[.address], let b = index[.addressDetail] {
            let joined = record.fields[a] + " " + record.fields[b]
            if SensitiveNumbers.mayHoldSensitiveNumber(joined), SensitiveNumbers.firstKind(in: joined) != nil {
                issues.append(ImportIssue(line: line, column: ResidentColumn.addressDetail.header, reason: .sensitiveNumber))
            }
        }
        if !issues.isEmpty { return .failure(issues) }

        func raw(_ column: ResidentColumn) -> String {
            guard let i = index[column] else { return "" }
            return Self.clean(record.fields[i])
        }
        func fail(_ column: ResidentColumn, _ reason: ImportReason) {
            issues.append(ImportIssue(line: line, column: column.header, reason: reason))
        }
        func required(_ column: ResidentColumn) -> String? {
            let value = raw(column)
            if value.isEmpty { fail(column, .required); return nil }
            return value
        }
        func number(_ column: ResidentColumn) -> String? {
            guard let value = required(column) else { return nil }
            let ascii = Self.compat(value)
            guard ascii.count <= 20, ascii.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                fail(column, .badNumber(value: value)); return nil
            }
            return ascii
        }
        func date(_ column: ResidentColumn, required isRequired: Bool) -> RecordedDate? {
            let value = raw(column)
            if value.isEmpty {
                if isRequired { fail(column, .required) }
                return nil
            }
            do {
                return try Self.parseDate(value)
            } catch {
                fail(column, .badDate(value: value, detail: error.message))
                return nil
            }
        }
        func flag(_ column: ResidentColumn) -> Bool {
            switch Self.compat(raw(column)) {
            case "", "0": return false
            case "1": return true
            case let other: fail(column, .badFlag(value: other)); return false
            }
        }

        let id = number(.id)
        let householdID = number(.householdID)
        let name = required(.name).map(Self.nameParts)
        var kana: String?
        if let value = required(.kana) {
            let folded = Self.nameParts(Self.kanaKey(value))
            if folded.unicodeScalars.allSatisfy(Self.isKanaScalar) { kana = folded } else { fail(.kana, .badKana(value: value)) }
        }
        let formerSurname = raw(.formerSurname)
        let birthdate = date(.birthdate, required: true)
        if let birthdate, birthdate.day > today { fail(.birthdate, .futureBirthdate(value: raw(.birthdate))) }
        var sex: Sex?
        if let value = required(.sex) {
            switch Self.compat(value) {
            case "1", "男": sex = .male
            case "2", "女": sex = .female
            default: fail(.sex, .badSex(value: value))
            }
        }
        let relationship = required(.relationship)
        var postalCode = ""
        let postal = Self.compat(raw(.postalCode)).filter { $0 != "-" }
        if !postal.isEmpty {
            if postal.count == 7, postal.allSatisfy({ $0.isASCII && $0.isNumber }) {
                postalCode = String(postal.prefix(3)) + "-" + String(postal.suffix(4))
            } else {
                fail(.postalCode, .badPostalCode(value: raw(.postalCode)))
            }
        }
        let residentSince = date(.residentSince, required: false)
        var status: ResidentStatus?
        if let value = required(.status) {
            if let code = Int(Self.compat(value)), let s = ResidentStatus(rawValue: code) {
                status = s
            } else {
                fail(.status, .badStatus(value: value))
            }
        }
        let statusDate = date(.statusDate, required: status != nil && status != .current)
        let alias = raw(.alias)
        let support = flag(.supportMeasure)
        var memberships = Set<Membership>()
        for membership in Membership.allCases where flag(.membership(membership)) { memberships.insert(membership) }

        guard issues.isEmpty, let id, let householdID, let name, let kana, let birthdate, let sex, let relationship,
              let status else { return .failure(issues) }
        return .resident(Resident(
            id: id, householdID: householdID, name: name, kana: kana,
            formerSurname: formerSurname.isEmpty ? nil : formerSurname, birthdate: birthdate.day, sex: sex,
            relationship: relationship, postalCode: postalCode, address: raw(.address), addressDetail: raw(.addressDetail),
            honseki: raw(.honseki), hittousha: raw(.hittousha), residentSince: residentSince?.exactDay, status: status,
            statusDate: statusDate?.exactDay, supportMeasure: support, memberships: memberships,
            alias: alias.isEmpty ? nil : Self.nameParts(alias), birthEra: birthdate.era, birthdateText: birthdate.text,
            residentSinceText: residentSince?.text, statusDateText: statusDate?.text))
    }

    // MARK: - Values

    /// `YYYY-MM-DD` read straight from the bytes (the common case in an export).
    static func fastISO(_ text: String) -> CivilDate? {
        let utf8 = text.utf8
        guard utf8.count == 10 else { return nil }
        return utf8.withContiguousStorageIfAvailable { b -> CivilDate? in
            guard b[4] == 0x2D, b[7] == 0x2D else { return nil }
            func n(_ r: Range<Int>) -> Int? {
                var v = 0
                for i in r {
                    guard (0x30...0x39).contains(b[i]) else { return nil }
                    v = v * 10 + Int(b[i] - 0x30)
                }
                return v
            }
            guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10) else { return nil }
            return CivilDate(year: y, month: m, day: d)
        } ?? CivilDate(iso: text)
    }

    /// NFC, surrounding spaces removed. Control characters are kept (the register may hold
    /// them); they are sanitized when displayed.
    static func clean(_ text: String) -> String {
        let nfc = isNormalizationStable(text) ? text : text.precomposedStringWithCanonicalMapping
        guard let first = nfc.unicodeScalars.first, let last = nfc.unicodeScalars.last,
              isSpace(first) || isSpace(last) else { return nfc }
        let scalars = nfc.unicodeScalars
        let start = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isSpace($0) }.map { scalars.index(after: $0) } ?? start
        return String(scalars[start..<end])
    }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\u{3000}" || s == "\t" }

    /// True when NFC and NFKC leave `text` unchanged because every scalar is in a block known
    /// to have no decomposition and no combining behaviour: ASCII letters, digits and
    /// punctuation, katakana (composed), hiragana (composed), CJK unified ideographs and
    /// U+3000. Anything else goes through Foundation's normalization (slow on Linux).
    static func isNormalizationStable(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E, 0x3000, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF, 0x3400...0x4DBF:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// `KanaKey.make`, skipping Foundation's normalization when it cannot change anything.
    static func kanaKey(_ text: String) -> String {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF, 0x3400...0x4DBF: continue
            default: return KanaKey.make(text)
            }
        }
        // Only katakana, ideographs and single or repeated ASCII spaces: fold the spaces, and
        // the variant kanji among the ideographs (髙, 邊 are in the common block too).
        return VariantKanji.fold(text.split(separator: " ").joined(separator: " "))
    }

    /// NFKC for short codes (numbers, flags), skipped for ASCII.
    static func compat(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
    }

    /// Name parts separated by exactly one ASCII space (full-width and repeated spaces folded).
    static func nameParts(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }).joined(separator: " ")
    }

    static func isKanaScalar(_ scalar: Unicode.Scalar) -> Bool {
        (0x30A0...0x30FF).contains(scalar.value) || scalar == " " || (0x31F0...0x31FF).contains(scalar.value)
    }

    /// A date as a record holds it: the day, the era it is written in when that is not the
    /// calendar's (明治45年7月30日), or for a date no calendar holds (2月29日 of a common year, a
    /// 不詳日) its own text with the first day it may mean.
    struct RecordedDate {
        var day: CivilDate
        var era: Era?
        var text: String?
        /// The day, nil when the record holds only text.
        var exactDay: CivilDate? { text == nil ? day : nil }
    }

    /// ISO dates, `YYYY/M/D`, `YYYYMMDD`, every 和暦 form JapaneseDate accepts (the days two
    /// eras share in either), and the 不詳日 forms of the standard.
    static func parseDate(_ text: String) throws(DateInputError) -> RecordedDate {
        if let date = fastISO(text) { return RecordedDate(day: date) }
        do {
            let (date, era) = try JapaneseDate.parseWritten(text)
            return RecordedDate(day: date, era: era == nil || era == date.era ? nil : era)
        } catch {
            guard let uncertain = UncertainDate.read(text) else { throw error }
            return RecordedDate(day: uncertain.earliest, text: uncertain.text)
        }
    }
}
