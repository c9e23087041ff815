import Foundation
import JapaneseKit

/// What is wrong with one value (or one row) of an import file.
public enum ImportReason: Equatable, Sendable {
    case required
    case badDate(value: String, detail: String)
    case badFlag(value: String)
    case badStatus(value: String)
    case badSex(value: String)
    case badNumber(value: String)
    case badPostalCode(value: String)
    case badKana(value: String)
    case tooLong(bytes: Int)
    case fieldCount(expected: Int, found: Int)
    case duplicateID(value: String, firstLine: Int)
    case noHouseholdHead(householdID: String)
    case missingColumn
    case unknownColumn
    case duplicateColumn
    case myNumberColumn
    case sensitiveNumber
    /// The first row of a 宛名番号 that comes again at `otherLine`.
    case duplicateIDLater(value: String, otherLine: Int)
    /// A birth date after today.
    case futureBirthdate(value: String)
    /// A CP932 外字 (private-use character) with no entry in `gaiji.yaml`.
    case unmappedGaiji(codePoint: String, cp932: String)
    /// A code with no entry in the mapping's `values` table (written at `mappingLine`).
    case unmappedCode(value: String, mappingLine: Int)
    /// A 元号 code with no entry in the mapping's `era_codes`.
    case unknownEraCode(value: String, mappingLine: Int)
    /// A date not in the mapping's `dates.format`.
    case dateFormat(value: String, format: String, example: String, mappingLine: Int)
    /// A column the mapping names (`part`, at `mappingLine`) that the export does not have.
    case mappingColumnMissing(part: String, mappingLine: Int)
    /// A column the mapping names in `values` that no `columns` entry sends anywhere.
    case notMapped(mappingLine: Int)
    /// A 支援措置 column of the export that would be dropped while nothing carries 支援措置.
    case supportColumnDropped
    /// A 支援措置 column of the export that the mapping sends somewhere else (`use`).
    case supportColumnMisused(use: String)
    /// The `"*"` of the 支援措置 code table (at `mappingLine`) makes an unknown code "no 支援措置".
    case supportDefaultUnprotected(mappingLine: Int)

    /// Japanese, saying what to do.
    public var message: String {
        switch self {
        case .required: "値がありません。必須の項目です。"
        case .badDate(let v, let detail): "日付「\(DisplaySanitizer.excerpt(v))」を読めません（\(detail)）。2019-05-01 や 令和元年5月1日 の形で入力してください。"
        case .badFlag(let v): "「\(DisplaySanitizer.excerpt(v))」は 0 か 1 で入力してください。"
        case .badStatus(let v): "住民状態「\(DisplaySanitizer.excerpt(v))」は 1（現住）・2（転出）・3（死亡）・9（消除）のいずれかにしてください。"
        case .badSex(let v): "性別「\(DisplaySanitizer.excerpt(v))」は 1（男）か 2（女）にしてください。"
        case .badNumber(let v): "「\(DisplaySanitizer.excerpt(v))」は半角数字（20桁まで）にしてください。"
        case .badPostalCode(let v): "郵便番号「\(DisplaySanitizer.excerpt(v))」は 970-8686 の形（7桁）にしてください。"
        case .badKana(let v): "フリガナ「\(DisplaySanitizer.excerpt(v))」はカタカナ（またはひらがな）で入力してください。"
        case .tooLong(let bytes): "値が長すぎます（\(bytes) バイト、上限 1024 バイト）。"
        case .fieldCount(let e, let f): "項目数が見出しと合いません（見出し \(e)、この行 \(f)）。区切りの , と引用符を確認してください。"
        case .duplicateID(let v, let first): "宛名番号 \(DisplaySanitizer.excerpt(v)) が重複しています（\(first) 行目と同じ）。"
        case .noHouseholdHead(let h): "世帯番号 \(DisplaySanitizer.excerpt(h)) に世帯主（続柄「世帯主」、現住または死亡）がいません。"
        case .missingColumn: "必須の列がありません。見出しを確認するか --mapping で列名を対応づけてください。"
        case .unknownColumn: "取込形式にない列です。列名を直すか、--mapping の ignore に加えてください。"
        case .duplicateColumn: "同じ列が二度あります。"
        case .myNumberColumn: "個人番号（マイナンバー）の列は取り込めません。列を除くか --drop-mynumber を指定してください。"
        case .sensitiveNumber:
            "カード番号または個人番号と同じ形の数字が含まれています。個人番号やカード番号は取り込めません。値を確認してください。"
        case .duplicateIDLater(let v, let other):
            "宛名番号 \(DisplaySanitizer.excerpt(v)) が \(other) 行目にもあります。どの行が最新か分からないため、どちらも取り込みません"
                + "（履歴の行なら --mapping の where で最新の行だけを選んでください）。"
        case .futureBirthdate(let v): "生年月日「\(DisplaySanitizer.excerpt(v))」が今日より後です。生年月日を確認してください。"
        case .unmappedGaiji(let cp, let sjis):
            "外字 \(cp)（CP932 \(sjis)）が Forms/gaiji.yaml にありません。gaiji.yaml にその字（表せなければ 〓 と注記）を加えてください。"
        case .unmappedCode(let v, let line):
            "コード「\(DisplaySanitizer.excerpt(v))」が列名の対応ファイル \(line) 行目の values にありません。その表にコードを加えるか、\"*\" を書いてください。"
        case .unknownEraCode(let v, let line):
            "元号コード「\(DisplaySanitizer.excerpt(v))」が列名の対応ファイル \(line) 行目の era_codes にありません。era_codes にコードを加えてください。"
        case .dateFormat(let v, let format, let example, let line):
            "日付「\(DisplaySanitizer.excerpt(v))」が列名の対応ファイル \(line) 行目の format（\(format)、例 \(example)）の形ではありません。"
                + "format を直すか、値を確認してください。"
        case .mappingColumnMissing(let part, let line):
            "列名の対応ファイル \(line) 行目の \(part) に書かれた列がこのファイルにありません。列名を見出しと同じにしてください。"
        case .notMapped(let line):
            "列名の対応ファイル \(line) 行目の values に書かれた列ですが、columns で取込形式の列名に対応づけられていません。columns に加えてください。"
        case .supportColumnDropped:
            "支援措置の列ですが、取り込まない設定です。このままでは支援措置の方が保護されないまま取り込まれます。"
                + "--mapping の columns で「支援措置」に対応づけ、values でコードを 0・1 にしてください（例 {\"\": \"0\", \"*\": \"1\"}）。"
        case .supportColumnMisused(let use):
            "支援措置の列を \(use) に使っています。支援措置の方を見落とさないよう、この列は --mapping の columns で"
                + "「支援措置」にだけ対応づけ、values でコードを 0・1 にしてください（例 {\"\": \"0\", \"*\": \"1\"}）。"
        case .supportDefaultUnprotected(let line):
            "列名の対応ファイル \(line) 行目の values で、表にないコードが支援措置なしになります。知らないコードの方を保護しないまま"
                + "取り込まないよう、\"*\" は \"1\" にしてください（例 {\"\": \"0\", \"*\": \"1\"}）。"
        }
    }
}

/// One problem found in an import file, located by line and column.
public struct ImportIssue: Equatable, Sendable, CustomStringConvertible {
    /// The physical line where the record starts (the header is line 1 of the data).
    public var line: Int
    /// The standard column name, or nil for a problem with the whole row.
    public var column: String?
    public var reason: ImportReason

    public init(line: Int, column: String?, reason: ImportReason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `line N, column 列名: reason` (values from the file as `DisplaySanitizer.excerpt` echoes them).
    public var description: String {
        if let column {
            // A column name is echoed, unless it holds digits shaped like a card number or 個人番号.
            let name = SensitiveNumbers.firstKind(in: column) == nil ? DisplaySanitizer.excerpt(column) : "（番号のような列名）"
            return "line \(line), column \(name): \(reason.message)"
        }
        return "line \(line): \(reason.message)"
    }
}

/// Why an import was refused. The registry is unchanged whenever one is thrown.
public enum ImportError: Error, Equatable, Sendable {
    case csv(CSVError)
    /// The file has no header row (or nothing at all).
    case empty
    /// The first line names none of the import columns: data without a header.
    case noHeader(line: Int)
    /// Problems of the mapping file, each `file:line: message`.
    case mappingProblems([FormProblem])
    /// Problems with the header row.
    case header([ImportIssue])
    /// Rows that failed validation (the first ones, and how many more were not listed).
    case invalidRows([ImportIssue], notListed: Int)
    case database(String)

    /// Every line to print, Japanese, each saying what to do.
    public var messages: [String] {
        switch self {
        case .csv(let e): [e.message]
        case .empty: ["ファイルが空です。見出し行（宛名番号,世帯番号,氏名,…）のある CSV を指定してください。"]
        case .noHeader(let line):
            ["line \(line): 見出し行がありません（宛名番号・世帯番号・氏名 などの列名が一つもありません）。"
             + "1行目に列名の行を加えるか、--mapping で列名を対応づけてください。"]
        case .mappingProblems(let problems): problems.map { "列名の対応ファイル " + DisplaySanitizer.sanitize($0.description) }
        case .header(let issues): issues.map(\.description)
        case .invalidRows(let issues, let more):
            issues.map(\.description) + (more > 0 ? ["ほかに \(more) 件の誤りがあります。"] : [])
                + ["誤りのある行を直すか、--skip-invalid で正しい行だけを取り込んでください。住民データは変更していません。"]
        case .database(let reason): ["住民データベースに書き込めません: \(reason)。データディレクトリの空き容量と権限を確認してください。"]
        }
    }
}
