import Testing
@testable import CounterCore

/// The household's listing order from the 続柄 as a register writes it: full-width brackets,
/// spaces of any width and decomposed forms rank as their plain spelling.
@Suite struct HouseholdOrderTests {
    @Test(arguments: [
        ("世帯主", 0), ("本人", 0), (" 世帯主\u{3000}", 0),
        ("妻", 1), ("夫（未届）", 1), ("妻(未届)", 1), ("配偶者", 1),
        ("子", 2), ("養子", 2), ("長男", 2), ("二女", 2), ("三 男", 2),
        ("子の妻", 3), ("子の夫", 3),
        ("母", 4), ("妻の父", 4), ("義母", 4),
        ("孫", 5), ("子の孫", 5), ("孫の子", 5),
        ("兄", 6), ("姉", 6), ("おじ", 6), ("", 6),
        ("同居人", 7), ("縁故者", 7), ("使用人", 7),
    ])
    func rank(relationship: String, expected: Int) {
        #expect(HouseholdOrder.rank(relationship) == expected, "\(relationship)")
    }
}

@Suite struct ResidentColumnTests {
    @Test func eachColumnsOrdinalIsItsPlaceInAll() {
        #expect(ResidentColumn.all.map(\.ordinal) == Array(ResidentColumn.all.indices))
    }
}
