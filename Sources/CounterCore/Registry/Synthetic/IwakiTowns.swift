// いわき市 districts and 町名 used for synthetic addresses. The first three digits of each
// postal code follow the district's delivery area; the last four are illustrative.

/// Town names of いわき市 for synthetic addresses.
enum IwakiTowns {
    struct Town {
        /// The part after 「いわき市」: 平字田町, 小名浜花畑町 …
        let name: String
        let postalCode: String
        /// Relative population weight.
        let weight: Int
    }

    static let towns: [Town] = [
        // 平
        Town(name: "平字田町", postalCode: "970-8026", weight: 3), Town(name: "平字三町目", postalCode: "970-8026", weight: 2),
        Town(name: "平字白銀町", postalCode: "970-8026", weight: 2), Town(name: "平字梅本", postalCode: "970-8026", weight: 2),
        Town(name: "平字谷川瀬", postalCode: "970-8036", weight: 4), Town(name: "平字童子町", postalCode: "970-8026", weight: 2),
        Town(name: "平鎌田", postalCode: "970-8031", weight: 3), Town(name: "平下平窪", postalCode: "970-8004", weight: 4),
        Town(name: "平中神谷", postalCode: "970-0102", weight: 3), Town(name: "平赤井", postalCode: "970-0116", weight: 2),
        Town(name: "中央台飯野", postalCode: "970-8044", weight: 5), Town(name: "郷ケ丘", postalCode: "970-8045", weight: 4),
        Town(name: "自由ケ丘", postalCode: "970-8033", weight: 3), Town(name: "平上荒川", postalCode: "970-8034", weight: 3),
        // 小名浜
        Town(name: "小名浜花畑町", postalCode: "971-8162", weight: 3), Town(name: "小名浜岡小名", postalCode: "971-8111", weight: 4),
        Town(name: "小名浜愛宕町", postalCode: "971-8155", weight: 2), Town(name: "小名浜林城", postalCode: "971-8183", weight: 3),
        Town(name: "泉町", postalCode: "971-8185", weight: 4), Town(name: "泉玉露", postalCode: "971-8182", weight: 3),
        Town(name: "鹿島町走熊", postalCode: "971-8141", weight: 3), Town(name: "洋向台", postalCode: "971-8186", weight: 2),
        Town(name: "江名", postalCode: "971-8172", weight: 1),
        // 勿来
        Town(name: "勿来町関田", postalCode: "979-0146", weight: 2), Town(name: "勿来町窪田", postalCode: "979-0141", weight: 2),
        Town(name: "植田町", postalCode: "974-8261", weight: 3), Town(name: "錦町", postalCode: "974-8232", weight: 3),
        Town(name: "南台", postalCode: "974-8262", weight: 2), Town(name: "佐糠町", postalCode: "974-8212", weight: 1),
        // 常磐
        Town(name: "常磐湯本町", postalCode: "972-8321", weight: 4), Town(name: "常磐関船町", postalCode: "972-8318", weight: 2),
        Town(name: "常磐上湯長谷町", postalCode: "972-8316", weight: 2), Town(name: "常磐西郷町", postalCode: "972-8312", weight: 2),
        // 内郷
        Town(name: "内郷綴町", postalCode: "973-8403", weight: 3), Town(name: "内郷御厩町", postalCode: "973-8402", weight: 2),
        Town(name: "内郷高坂町", postalCode: "973-8404", weight: 2),
        // 四倉
        Town(name: "四倉町", postalCode: "979-0201", weight: 2), Town(name: "四倉町上仁井田", postalCode: "979-0211", weight: 1),
        // 遠野
        Town(name: "遠野町上遠野", postalCode: "972-0161", weight: 1), Town(name: "遠野町滝", postalCode: "972-0162", weight: 1),
        // 小川
        Town(name: "小川町高萩", postalCode: "979-3122", weight: 1), Town(name: "小川町上小川", postalCode: "979-3124", weight: 1),
        // 好間
        Town(name: "好間町下好間", postalCode: "970-1152", weight: 2), Town(name: "好間町上好間", postalCode: "970-1151", weight: 1),
        // 三和
        Town(name: "三和町下市萱", postalCode: "979-3104", weight: 1), Town(name: "三和町合戸", postalCode: "979-3113", weight: 1),
        // 田人
        Town(name: "田人町旅人", postalCode: "974-0152", weight: 1),
        // 川前
        Town(name: "川前町川前", postalCode: "979-3201", weight: 1),
        // 久之浜・大久
        Town(name: "久之浜町久之浜", postalCode: "979-0333", weight: 1), Town(name: "大久町大久", postalCode: "979-0301", weight: 1),
    ]

    /// Apartment names for 方書.
    static let buildings = ["コーポ平", "ハイツいわき", "メゾン小名浜", "グランドール湯本", "サンハイツ内郷",
                            "レジデンス郷ケ丘", "コスモ泉", "アーバン植田", "パレス中央台", "ハイム四倉"]

    /// Municipal housing estates (市営住宅).
    static let municipalEstates = ["市営中央台団地", "市営小名浜団地", "市営高坂団地", "市営錦団地", "市営泉団地"]

    /// 本籍 outside the city, for some residents.
    static let otherHonseki = ["福島県郡山市", "福島県福島市", "宮城県仙台市", "茨城県北茨城市", "茨城県日立市",
                               "東京都江東区", "福島県双葉郡富岡町", "福島県双葉郡浪江町", "福島県南相馬市", "新潟県新潟市"]
}
