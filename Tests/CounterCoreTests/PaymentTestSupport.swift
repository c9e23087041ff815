@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// A counter terminal for payment tests: its own journal under a temporary root, a fixed
/// clock, the shipped forms and payment methods.
struct PaymentCounter {
    let root: URL
    let journal: Journal
    let clock: FixedClock
    let service: PaymentService

    init(root: URL, terminal: String = "T01", clock: FixedClock = FixedClock(iso: "2026-11-25T09:00:00+09:00")) throws {
        self.root = root
        self.clock = clock
        journal = try Journal.open(directory: root.appendingPathComponent("\(terminal)/journal"), terminalID: terminal, mode: .live,
                                   clock: clock)
        service = PaymentService(journal: journal, catalog: try PaymentMethodCatalog.load(formsDirectory: ShippedForms.directory),
                                 forms: ShippedForms.library, clock: clock)
    }

    var directory: URL { journal.directory }

    /// A credit payment of `copies` 住民票 with the given references.
    func credit(_ copies: Int = 1, slip: String, approval: String = "123456", pt: String = "PT01", caseID: String? = nil,
                clerk: String = "k01") throws -> PaymentReceipt {
        try service.recordPayment(PaymentRequest(caseID: caseID, method: "credit", brand: "VISA", amount: String(300 * copies),
                                                 items: ["juminhyo:\(copies)"], slip: slip, approval: approval, paymentTerminal: pt,
                                                 clerk: clerk))
    }
}

/// Every file under `root` with its bytes, to show that a refusal changed nothing.
func snapshot(_ root: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
    for case let url as URL in walker {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
            result[url.path] = FileManager.default.contents(atPath: url.path)
        }
    }
    return result
}

/// A temporary root removed afterwards; before that, every file written is scanned for a
/// Luhn-valid run of 13–19 digits (with or without single spaces or hyphens between groups),
/// checked here independently of `SensitiveNumbers`.
func withPaymentRoot<T>(_ body: (URL) throws -> T) throws -> T {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("payments-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer {
        for (path, data) in snapshot(root) where containsLuhnRun(String(decoding: data, as: UTF8.self)) {
            Issue.record("a card-number-like run was written to \(path)")
            if ProcessInfo.processInfo.environment["PAYMENT_DEBUG"] != nil { print(String(decoding: data, as: UTF8.self)) }
        }
        try? FileManager.default.removeItem(at: root)
    }
    return try body(root)
}

/// True when `text` holds 13–19 consecutive digits (ASCII or full-width, groups joined by one
/// space or hyphen) that pass the Luhn check, in any window of a longer run. A run glued to an
/// ASCII letter is part of an identifier (a SHA-256 in hex has long decimal stretches by
/// chance) and is skipped, as the product's rule says.
func containsLuhnRun(_ text: String) -> Bool {
    var runs: [(digits: [Int], glued: Bool)] = [([], false)]
    var lastWasSeparator = false
    var previousWasLetter = false
    for scalar in text.unicodeScalars {
        let v = scalar.value
        let isLetter = (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
        if (0x30...0x39).contains(v) || (0xFF10...0xFF19).contains(v) {
            if runs[runs.count - 1].digits.isEmpty && previousWasLetter { runs[runs.count - 1].glued = true }
            runs[runs.count - 1].digits.append(Int(v >= 0xFF10 ? v - 0xFF10 : v - 0x30))
            lastWasSeparator = false
        } else if (v == 0x20 || v == 0x2D) && !lastWasSeparator && !runs[runs.count - 1].digits.isEmpty {
            lastWasSeparator = true
        } else {
            if isLetter && !lastWasSeparator && !runs[runs.count - 1].digits.isEmpty { runs[runs.count - 1].glued = true }
            runs.append(([], false))
            lastWasSeparator = false
        }
        previousWasLetter = isLetter
    }
    for (run, glued) in runs where run.count >= 13 && !glued {
        for length in 13...min(19, run.count) {
            for start in 0...(run.count - length) {
                let window = Array(run[start..<(start + length)])
                // One digit repeated (the journal's genesis link is 64 zeros) is no card number.
                if Set(window).count > 1 && luhn(window) { return true }
            }
        }
    }
    return false
}

func luhn(_ digits: [Int]) -> Bool {
    var sum = 0
    for (i, d) in digits.reversed().enumerated() {
        if i % 2 == 1 { let x = d * 2; sum += x > 9 ? x - 9 : x } else { sum += d }
    }
    return sum % 10 == 0
}

/// A 12-digit number with a valid 個人番号 check digit, computed here from the published formula.
func validMyNumber(_ first11: String) -> String {
    let digits = first11.map { Int(String($0))! }
    var sum = 0
    for n in 1...11 {
        let p = digits[11 - n]
        let q = n <= 6 ? n + 1 : n - 5
        sum += p * q
    }
    let r = sum % 11
    let check = r <= 1 ? 0 : 11 - r
    return first11 + String(check)
}

@Suite struct LuhnScanTests {
    @Test func findsCardNumbersTheWayTheyAreTypedAndSkipsHashes() {
        #expect(containsLuhnRun("approval 4111111111111111 x"))
        #expect(containsLuhnRun("\"4111 1111 1111 1111\""))
        #expect(containsLuhnRun("4111-1111-1111-1111"))
        #expect(containsLuhnRun("４１１１１１１１１１１１１１１１"))
        #expect(containsLuhnRun("378282246310005"))
        #expect(!containsLuhnRun("1234567890123"))  // 13 digits, Luhn fails
        #expect(!containsLuhnRun("\"h\":\"07b8d4ff46bbf073761e4eef2b966b1255396148080259bfaf4ccf4ae1f5c597\""))
        #expect(!containsLuhnRun(String(repeating: "0", count: 64)))
        #expect(!containsLuhnRun("2026-11-25T09:00:00.000+09:00"))
    }
}
