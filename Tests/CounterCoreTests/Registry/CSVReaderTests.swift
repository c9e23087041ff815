@testable import CounterCore
import Foundation
import Testing

@Suite struct CSVReaderTests {
    func read(_ bytes: [UInt8], encoding: ImportEncoding = .auto) throws -> [CSVRecord] {
        let dir = TempDir("csv")
        let url = dir.file("t.csv", bytes: Data(bytes))
        let reader = try CSVReader(url: url, encoding: encoding)
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    func read(_ text: String, encoding: ImportEncoding = .auto) throws -> [CSVRecord] {
        try read(Array(text.utf8), encoding: encoding)
    }

    @Test func quotesEscapesEmbeddedNewlinesCRLFAndBOM() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nlast,,\"\"\n"
        let records = try read(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x,1", "say \"hi\"", "two\nlines"], ["last", "", ""]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test func noFinalNewlineAndJapanese() throws {
        let records = try read("氏名,住所\n山田 太郎,いわき市平")
        #expect(records.last?.fields == ["山田 太郎", "いわき市平"])
    }

    @Test func unbalancedQuoteReportsTheLineWhereTheFieldStarts() throws {
        #expect(throws: CSVError.unbalancedQuote(line: 3)) {
            _ = try read("a,b\n1,2\n3,\"open\n4,5\n")
        }
        #expect(throws: CSVError.unbalancedQuote(line: 2)) {
            _ = try read("a,b\n1,x\"y\n")
        }
        #expect(throws: CSVError.unbalancedQuote(line: 2)) {
            _ = try read("a,b\n\"1\"x,2\n")
        }
    }

    @Test func cp932WithWindowsExtensionsIsDetectedAndDecoded() throws {
        // ① 87 40, ㈱ 87 8A, 髙 FB FC (IBM extension), ～ 81 60, 山田 8E 52 93 63, comma, CRLF.
        let bytes: [UInt8] = [0x87, 0x40, 0x87, 0x8A, 0x2C, 0xFB, 0xFC, 0x81, 0x60, 0x2C, 0x8E, 0x52, 0x93, 0x63, 0x0D, 0x0A]
        let records = try read(bytes)
        #expect(records.first?.fields == ["①㈱", "髙～", "山田"])
        #expect(CSVReader.detect(bytes[...]) == .cp932)
        #expect(CP932.decode(bytes.prefix(2)) == "①")
        #expect(CP932.encode("①㈱髙～") == Data([0x87, 0x40, 0x87, 0x8A, 0xFB, 0xFC, 0x81, 0x60]))
    }

    @Test func wrongEncodingNamesTheLine() throws {
        var bytes = Array("a,b\r\nok,ok\r\n".utf8)
        bytes += [0x8E, 0x52, 0x93, 0x63, 0x2C, 0x31, 0x0D, 0x0A]  // 山田 in CP932
        #expect(throws: CSVError.invalidEncoding(line: 3, encoding: .utf8)) {
            _ = try read(bytes, encoding: .utf8)
        }
        // A lone lead byte is not CP932 either.
        #expect(throws: CSVError.invalidEncoding(line: 1, encoding: .cp932)) {
            _ = try read([0x61, 0x82, 0x0A], encoding: .cp932)
        }
    }

    @Test func readsAcrossBlockBoundaries() throws {
        var text = "id,name\n"
        for i in 0..<60_000 { text += "\(i),\"名前\(i)\n二行目\"\n" }
        let records = try read(text)
        #expect(records.count == 60_001)
        #expect(records.last?.fields == ["59999", "名前59999\n二行目"])
        #expect(records.last?.line == 2 + 59_999 * 2)
    }
}
