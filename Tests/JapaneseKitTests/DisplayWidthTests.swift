import JapaneseKit
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("やまだ", 6), ("山田 太郎", 9), ("𠮷野", 4), ("Ａ１", 4), ("ｱ", 1), ("ﾀﾞ", 2),
        ("か\u{3099}", 2), ("①※", 2), ("abc", 3), ("\u{3000}", 2), ("", 0), ("\u{1F600}", 2),
    ])
    func widths(text: String, expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test func prefixNeverSplitsAWideCharacter() {
        let (fitted, width) = DisplayWidth.prefix("山本花子", fitting: 5)
        #expect(fitted == "山本")
        #expect(width == 4)
        #expect(DisplayWidth.padded("山本花子", to: 5) == "山本 ")
    }
}

@Suite struct DisplaySanitizerTests {
    @Test func controlsBecomeVisibleMarkers() {
        #expect(DisplaySanitizer.sanitize("山田\u{1B}[31m太郎") == "山田␛[31m太郎")
        #expect(DisplaySanitizer.sanitize("a\u{202E}b\u{9B}c\u{7F}") == "a<U+202E>b<U+009B>c␡")
    }

    @Test(arguments: ["山田 太郎", "ヤマダ　タロウ", "いわき市平字田町１２０", "𠮷田", "ﾀﾞｲｽｹ"])
    func ordinaryJapaneseIsUnchanged(text: String) {
        #expect(DisplaySanitizer.sanitize(text) == text)
    }

    @Test func idempotentAndNothingForbiddenSurvives() {
        var all = String.UnicodeScalarView()
        for v in UInt32(0)...0x3000 { if let s = Unicode.Scalar(v) { all.append(s) } }
        let once = DisplaySanitizer.sanitize(String(all))
        #expect(!once.unicodeScalars.contains(where: DisplaySanitizer.isForbidden))
        #expect(DisplaySanitizer.sanitize(once) == once)
    }
}

@Suite struct CivilDateTests {
    @Test func dayNumberRoundTrips() {
        for n in stride(from: -40_000, to: 60_000, by: 7) {
            let d = CivilDate(dayNumber: n)
            #expect(d.dayNumber == n)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 2026, month: 11, day: 25)!.weekday == 4)  // Wednesday
        #expect(CivilDate(year: 2024, month: 2, day: 30) == nil)
        #expect(CivilDate(iso: "2019-05-01")?.iso == "2019-05-01")
    }
}
