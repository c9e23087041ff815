import JapaneseKit
import Testing

@Suite struct KanaKeyTests {
    @Test(arguments: [
        ("やまだ", "ヤマダ"), ("ヤマダ", "ヤマダ"), ("ﾔﾏﾀﾞ", "ヤマダ"), ("ﾔﾏﾀ\u{FF9E}", "ヤマダ"),
        ("やまた\u{3099}", "ヤマダ"), ("ﾀﾞｲｽｹ", "ダイスケ"), ("ﾊﾟﾝ", "パン"),
        ("ゔぁいおりん", "ヴァイオリン"), ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"), ("ヴ", "ヴ"), ("う\u{3099}", "ヴ"),
        ("やまだ たろう", "ヤマダ タロウ"), ("やまだ　たろう", "ヤマダ タロウ"), ("やまだ  \u{3000} たろう", "ヤマダ タロウ"),
        ("　やまだ\tたろう ", "ヤマダ タロウ"), ("ｽｽﾞｷ ｲﾁﾛｰ", "スズキ イチロー"), ("いすゞ", "イスヾ"),
        ("ＳＭＩＴＨ", "SMITH"), ("山田　太郎", "山田 太郎"), ("ちょう", "チョウ"), ("", ""), ("   ", ""),
    ])
    func keys(input: String, expected: String) {
        #expect(KanaKey.make(input) == expected)
        #expect(KanaKey.make(input).unicodeScalars.elementsEqual(expected.unicodeScalars))
    }

    @Test(arguments: [
        ("やまだ", "ヤマダ"), ("やまだ", "ﾔﾏﾀﾞ"), ("ヤマダ", "ﾔﾏﾀﾞ"), ("ヴ", "ｳﾞ"), ("ゔ", "ヴ"),
        ("やまだ たろう", "ヤマダ　　タロウ"), ("ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ　たろう"), ("ガ", "か\u{3099}"),
    ])
    func sameKey(a: String, b: String) {
        #expect(KanaKey.make(a).unicodeScalars.elementsEqual(KanaKey.make(b).unicodeScalars))
    }

    @Test(arguments: [
        ("が", "か"), ("ガ", "カ"), ("ﾀﾞ", "ﾀ"), ("ぱ", "ば"), ("ぱ", "は"), ("ゃ", "や"), ("ャ", "ヤ"),
        ("っ", "つ"), ("ぁ", "あ"), ("ヵ", "カ"), ("ゎ", "わ"), ("ヴ", "ウ"), ("ｳﾞ", "ｳ"),
        ("やまだたろう", "やまだ たろう"),
    ])
    func distinctKeys(a: String, b: String) {
        #expect(KanaKey.make(a) != KanaKey.make(b))
    }

    @Test func everyHiraganaBecomesItsKatakana() {
        for v in UInt32(0x3041)...0x3096 {
            let hiragana = String(Unicode.Scalar(v)!)
            let katakana = String(Unicode.Scalar(v + 0x60)!)
            #expect(KanaKey.make(hiragana) == KanaKey.make(katakana))
            #expect(KanaKey.make(hiragana) == katakana)
        }
    }

    @Test func idempotent() {
        for text in ["ﾔﾏﾀﾞ　ﾀﾛｳ", "やまだ  たろう", "ｳﾞｪﾙﾃﾞｨ", "Ｓｍｉｔｈ　ｼﾞｮﾝ"] {
            let key = KanaKey.make(text)
            #expect(KanaKey.make(key) == key)
        }
    }
}
