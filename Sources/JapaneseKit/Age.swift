/// Ages as the 年齢計算ニ関スル法律 counts them: a person gains a year at the end of the day
/// before each birthday (so someone born on 2/29 turns a year older at the end of 2/28).
public enum Age {
    /// The age in whole years on the day `on` (negative when `on` is before `born`).
    public static func years(born: CivilDate, on: CivilDate) -> Int {
        var age = on.year - born.year
        if (on.month, on.day) < (born.month, born.day) { age -= 1 }
        return age
    }

    /// The day at whose end a person born on `born` reaches `age` (年齢に達する日): the day
    /// before the birthday, e.g. the day 65歳に達する for pensions and 介護保険.
    public static func dayReaching(_ age: Int, born: CivilDate) -> CivilDate {
        let year = born.year + age
        let birthday = CivilDate(year: year, month: born.month, day: born.day)
            ?? CivilDate(year: year, month: 3, day: 1)!  // born on 2/29, a common year
        return birthday.adding(days: -1)
    }
}
