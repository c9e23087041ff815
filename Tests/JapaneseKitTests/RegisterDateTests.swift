import Foundation
import JapaneseKit
import Testing

/// Dates as a register records them: the days two eras share, 不詳日, 2月29日 of a common year;
/// and the variant kanji a name search folds.
@Suite struct RegisterDateTests {
    func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test func theDaysTwoErasShareAreReadInEitherAndKeepTheirEra() throws {
        for text in ["明治45年7月30日", "M45.7.30", "1450730", "大正元年7月30日", "T1.7.30", "2010730"] {
            #expect(try JapaneseDate.parse(text) == date(1912, 7, 30), "\(text)")
        }
        for text in ["大正15年12月25日", "T15.12.25", "2151225", "昭和元年12月25日", "3011225"] {
            #expect(try JapaneseDate.parse(text) == date(1926, 12, 25), "\(text)")
        }
        #expect(try JapaneseDate.parseWritten("明治45年7月30日").era == .meiji)
        #expect(date(1912, 7, 30).warekiLong(writtenIn: .meiji) == "明治45年7月30日")
        #expect(date(1912, 7, 30).warekiLong(writtenIn: nil) == "大正元年7月30日")
        #expect(date(1926, 12, 25).warekiShort(writtenIn: .taisho) == "T15.12.25")
        // An era that cannot name the day is not used.
        #expect(date(1926, 12, 26).warekiLong(writtenIn: .taisho) == "昭和元年12月26日")
        #expect(throws: DateInputError.self) { _ = try JapaneseDate.parse("明治45年7月31日") }
        #expect(throws: DateInputError.self) { _ = try JapaneseDate.parse("昭和64年1月8日") }
    }

    @Test func uncertainDatesKeepTheirTextAndBounds() throws {
        let circa = try #require(UncertainDate.read("昭和10年頃"))
        #expect(circa.text == "昭和10年頃")
        #expect(circa.earliest == date(1935, 1, 1) && circa.latest == date(1935, 12, 31))
        let early = try #require(UncertainDate.read("平成2年3月上旬"))
        #expect(early.earliest == date(1990, 3, 1) && early.latest == date(1990, 3, 31))
        #expect(UncertainDate.read("推定令和元年5月")?.earliest == date(2019, 5, 1))
        #expect(UncertainDate.read("年月日不詳")?.latest == nil)
        let leap = try #require(UncertainDate.read("1991-02-29"))
        #expect(leap.text == "1991年2月29日" && leap.earliest == date(1991, 2, 28))
        #expect(UncertainDate.read("平成3年2月29日")?.text == "平成3年2月29日")
        #expect(UncertainDate.read("4030229")?.text == "平成3年2月29日")
        // Ordinary dates, a leap year's 2月29日 and plain mistakes are not uncertain dates.
        for text in ["昭和10年1月1日", "2020-02-29", "2019-02-30", "やまだ", ""] {
            #expect(UncertainDate.read(text) == nil, "\(text)")
        }
    }

    @Test func variantKanjiFoldInTheSearchKey() {
        #expect(KanaKey.make("髙橋") == KanaKey.make("高橋"))
        #expect(KanaKey.make("山﨑") == KanaKey.make("山崎"))
        #expect(KanaKey.make("渡邊") == "渡辺" && KanaKey.make("渡邉") == "渡辺")
        #expect(KanaKey.make("辻\u{E0100}") == "辻")
        #expect(VariantKanji.strippingSelectors("辻\u{E0100} 結衣") == "辻 結衣")
    }
}
