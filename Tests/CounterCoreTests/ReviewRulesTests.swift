@testable import CounterCore
import Foundation
import Testing

/// `Forms/review-rules.yaml`: what a city may tune, and every mistake named with its line.
@Suite struct ReviewRulesTests {
    func problems(_ text: String) -> [String] {
        ReviewRules.check(text, file: ReviewRules.fileName).problems.map(\.description)
    }

    @Test func theShippedFileLoadsWithItsThresholds() throws {
        #expect(ReviewRules.problems(formsDirectory: ShippedForms.directory).map(\.description) == [])
        let rules = try ReviewRules.load(formsDirectory: ShippedForms.directory)
        #expect(rules[.supportMeasure].severity == .high)
        #expect(rules[.manyResidents]["residents"] == 20)
        #expect(rules[.repeatedViews]["within_days"] == 14)
        // Every rule the engine knows is named in the shipped file, so a city sees them all.
        let text = try String(contentsOf: ShippedForms.directory.appendingPathComponent(ReviewRules.fileName), encoding: .utf8)
        for id in ReviewRuleID.allCases { #expect(text.contains("\n  \(id.rawValue):"), "\(id.rawValue)") }
    }

    @Test func aTunedFileChangesSeverityThresholdsAndSwitchesRulesOff() throws {
        let text = "rules:\n  many_residents:\n    severity: 低\n    residents: 5\n  off_hours:\n    enabled: false\n    title: 時間外\n"
        let rules = try #require(ReviewRules.check(text, file: ReviewRules.fileName).rules)
        #expect(rules[.manyResidents].severity == .low)
        #expect(rules[.manyResidents]["residents"] == 5)
        #expect(rules[.manyResidents]["minutes"] == 10)  // not written: the default
        #expect(!rules[.offHours].enabled)
        #expect(rules[.offHours].title == "時間外")
        #expect(rules[.integrity] == ReviewRule(id: .integrity))  // not named: runs with its defaults
    }

    @Test func anUnknownRuleIsNamedWithItsLine() {
        let found = problems("rules:\n  support_measure:\n    severity: 高\n  shared_id:\n    severity: 中\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("review-rules.yaml:4: ") == true, "\(found)")
        #expect(found.first?.contains("shared_id") == true)
        #expect(found.first?.contains("support_measure") == true)  // the ids it may be
    }

    @Test func aBadSeverityIsNamedWithItsLine() {
        let found = problems("rules:\n  off_hours:\n    severity: 最高\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("review-rules.yaml:3: ") == true, "\(found)")
        #expect(found.first?.contains("最高") == true)
        #expect(found.first?.contains("高・中・低") == true)
    }

    @Test func aThresholdOutOfRangeOrNotANumberIsRefused() {
        let found = problems("rules:\n  repeated_views:\n    days: 1\n    within_days: 400\n  many_residents:\n    minutes: 十\n")
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.hasPrefix("review-rules.yaml:3: ") && $0.contains("2 以上 30 以下") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("review-rules.yaml:4: ") && $0.contains("1 以上 366 以下") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("review-rules.yaml:6: ") && $0.contains("minutes") }, "\(found)")
        #expect(ReviewRules.check("rules:\n  repeated_views:\n    days: 1\n", file: ReviewRules.fileName).rules == nil)
    }

    @Test func aKeyARuleDoesNotTakeIsRefused() {
        let found = problems("rules:\n  two_terminals:\n    minutes: 5\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("review-rules.yaml:3: ") == true, "\(found)")
    }

    @Test func aBrokenFileStopsTheReviewWithWhatToDo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("review-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try ReviewRules.load(formsDirectory: dir) == ReviewRules())  // no file: the defaults
        try "rules:\n  off_hours:\n    severity: 最高\n".write(to: dir.appendingPathComponent(ReviewRules.fileName), atomically: true, encoding: .utf8)
        #expect(throws: ReviewRulesError.self) { try ReviewRules.load(formsDirectory: dir) }
        do { _ = try ReviewRules.load(formsDirectory: dir) } catch {
            #expect(error.message.contains("review-rules.yaml:3"))
            #expect(error.message.contains("madoguchi forms check"))
        }
    }
}
