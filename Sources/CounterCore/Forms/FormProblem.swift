import Foundation

/// One thing wrong with a form definition, at a place in its file.
public struct FormProblem: Hashable, Sendable, CustomStringConvertible {
    /// The file, relative to the forms directory (`procedures/juminhyo.yaml`).
    public var file: String
    /// 1-based line (0 when the whole file is concerned).
    public var line: Int
    public var kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    /// What is wrong, with the values needed to say it.
    public enum Kind: Hashable, Sendable {
        case unreadable(reason: String)
        case yamlSyntax(reason: String)
        case notAMapping(what: String)
        case missing(key: String)
        case empty(key: String)
        case unknownKey(key: String, allowed: [String])
        case duplicateKey(key: String, firstLine: Int)
        case duplicateFieldKey(key: String, firstLine: Int)
        case duplicateFormID(id: String, otherFile: String)
        case unknownBinding(name: String)
        case unknownType(name: String)
        case typeMismatch(key: String, type: FieldType, source: String)
        case badValue(key: String, value: String, expected: String)
        case choiceWithoutOptions(key: String)
        case constantNotAnOption(key: String, value: String)
        case conflictingSource(key: String)
        case unknownFieldReference(key: String)
        case myNumberNotYesNo(key: String)
        case unknownRequester(word: String)
        case unknownStatus(word: String)
        case duplicateMethodID(id: String, firstLine: Int)
        /// A value reads as a card number or a 個人番号: no form file may carry one.
        case sensitiveNumber
    }

    /// `file:line: message`, the form `madoguchi forms check` prints.
    public var description: String { "\(file):\(line): \(message)" }

    /// One line of Japanese that says what is wrong and what to write instead. What it quotes
    /// from the file (a key, a value, the YAML parser's excerpt of the line) never shows a card
    /// number or a 個人番号: then only the line is named.
    public var message: String {
        let text = quoting
        guard SensitiveNumbers.firstKind(in: text) == nil else {
            return "カード番号または個人番号のような数字があります（表示しません）。この行を確かめて、番号を消してください。"
        }
        return text
    }

    private var quoting: String {
        switch kind {
        case let .unreadable(reason): "ファイルを読めません（\(reason)）。UTF-8 で保存してください。"
        case let .yamlSyntax(reason): "YAML の書式が正しくありません（\(reason)）。字下げと「:」を確認してください。"
        case let .notAMapping(what): "\(what)は「キー: 値」の形で書いてください。"
        case let .missing(key): "「\(key)」がありません。書き加えてください。"
        case let .empty(key): "「\(key)」が空です。値を書いてください。"
        case let .unknownKey(key, allowed): "「\(key)」は使えない項目です。使える項目: \(allowed.joined(separator: ", "))"
        case let .duplicateKey(key, firstLine): "「\(key)」が重複しています（\(firstLine)行目にもあります）。一つにしてください。"
        case let .duplicateFieldKey(key, firstLine): "項目キー「\(key)」が重複しています（\(firstLine)行目にもあります）。別のキーにしてください。"
        case let .duplicateFormID(id, otherFile): "帳票 id「\(id)」は \(otherFile) でも使われています。別の id にしてください。"
        case let .unknownBinding(name): "「\(name)」は使えない取得元です。Forms/README.md の取得元一覧から選ぶか、entered（窓口で入力）にしてください。"
        case let .unknownType(name): "型「\(name)」は使えません。text, date, choice, number, yesno のどれかにしてください。"
        case let .typeMismatch(key, type, source): "項目「\(key)」: 取得元 \(source) の値は型 \(type.rawValue) に入りません。型を直してください。"
        case let .badValue(key, value, expected): "「\(key)」の値「\(value)」が正しくありません。\(expected)"
        case let .choiceWithoutOptions(key): "項目「\(key)」は choice なので options に選択肢を並べてください。"
        case let .constantNotAnOption(key, value): "項目「\(key)」の value「\(value)」が options にありません。"
        case let .conflictingSource(key): "項目「\(key)」: source・value・handwritten はどれか一つだけにしてください。"
        case let .unknownFieldReference(key): "「\(key)」という項目キーはこの帳票にありません。fields のキーを書いてください。"
        case let .myNumberNotYesNo(key): "項目「\(key)」: 個人番号は記載の有無（type: yesno）だけを扱います。番号そのものは入力・保存できません。"
        case let .unknownRequester(word): "請求者「\(word)」は使えません。本人, 同一世帯, 配偶者・直系, 代理人, 第三者 から選んでください。"
        case let .unknownStatus(word): "住民状態「\(word)」は使えません。現住, 転出, 死亡, 消除 のどれかにしてください。"
        case let .duplicateMethodID(id, firstLine): "支払方法 id「\(id)」が重複しています（\(firstLine)行目にもあります）。別の id にしてください。"
        case .sensitiveNumber: "カード番号または個人番号のような数字があります（表示しません）。画面や帳票に出る定義に番号は書けません。この行の番号を消してください。"
        }
    }

    /// A file's text, or the problem that keeps it from being read (missing, not UTF-8).
    enum FileText {
        case text(String)
        case problem(FormProblem)
    }

    /// Reads one file of a forms directory; `relative` names it in the problem.
    static func readText(_ url: URL, relative: String) -> FileText {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            let missing = !FileManager.default.fileExists(atPath: url.path)
            return .problem(FormProblem(file: relative, line: 0, kind: .unreadable(reason: missing ? "ファイルがありません" : "読み取りの権限がありません")))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .problem(FormProblem(file: relative, line: 0, kind: .unreadable(reason: "UTF-8 ではありません")))
        }
        return .text(text)
    }
}
