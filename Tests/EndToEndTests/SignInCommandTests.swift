import CounterCore
import Foundation
import Testing

/// The command line checks the acting clerk's PIN: wrong PINs are journaled and counted
/// across runs, a locked or unknown clerk cannot act, a supervisor signs for the day close and
/// for unlocking, and no answer tells which clerk ids exist.
@Suite struct SignInCommandTests {
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("signin-\(UUID().uuidString)")
        try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01", "k02"])
        return dir
    }

    static func run(_ arguments: [String], _ dir: URL, clerk: String = "k01", pin: String = TestClerks.pin,
                    stdin: String? = nil) throws -> Binary.Result {
        try Binary.run(arguments + ["--data-dir", dir.path], environment: ["MADOGUCHI_CLERK": clerk, "MADOGUCHI_PIN": pin,
                                                                          "MADOGUCHI_FORMS_DIR": FormsDirectory.url.path], stdin: stdin)
    }

    static func records(_ dir: URL, type: String) -> [String] {
        ParityRecords.of(dir).filter { $0.contains("\"type\":\"\(type)\"") }
    }

    @Test func wrongPinsAreCountedAcrossRunsAndLockTheClerkOnTheCommandLine() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = try Self.run(["case", "open"], dir, clerk: "nobody", pin: "999999")
        for attempt in 1...ClerkAccount.maxFailedAttempts {
            // Each run is a new process: the count lives in config.yaml, not in memory.
            let wrong = try Self.run(["case", "open"], dir, pin: "99999\(attempt)")
            #expect(wrong.status == 1)
            // The same words as for an id that does not exist.
            #expect(wrong.stderr == unknown.stderr)
            #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")?.failedPINs == attempt)
        }
        #expect(Self.records(dir, type: "sign_in_refused").count == ClerkAccount.maxFailedAttempts + 1)
        #expect(Self.records(dir, type: "lock").count == 1)
        #expect(Self.records(dir, type: "case_opened").isEmpty)
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")?.locked == true)
        // Now even the right PIN cannot act; only it learns that the clerk is locked.
        let locked = try Self.run(["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"], dir)
        #expect(locked.status == 1 && locked.stderr.contains("ロックされています"), "\(locked.stderr)")
        #expect(Self.records(dir, type: "payment").isEmpty)
        // A clerk cannot unlock; a supervisor can, with their PIN.
        let byClerk = try Self.run(["clerk", "unlock", "k01"], dir, clerk: "k02")
        #expect(byClerk.status == 1 && byClerk.stderr.contains("管理者"))
        let bySupervisor = try Self.run(["clerk", "unlock", "k01"], dir, clerk: "sup1")
        #expect(bySupervisor.status == 0, "\(bySupervisor.stderr)")
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")?.failedPINs == 0)
        #expect(try Self.run(["case", "open"], dir).status == 0)
    }

    /// Guesses run side by side must each count: lost updates would give unlimited guesses.
    @Test func guessesRunInParallelStillLockTheClerk() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var processes: [Process] = []
        for attempt in 0..<12 {
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["case", "open", "--data-dir", dir.path, "--clerk", "k01"]
            process.environment = ["LANG": "C.UTF-8", "MADOGUCHI_PIN": String(format: "%06d", 900_000 + attempt),
                                   "MADOGUCHI_FORMS_DIR": FormsDirectory.url.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 1 })
        let account = try #require(try AppConfig.load(dataDirectory: dir).clerk(id: "k01"))
        #expect(account.failedPINs == 12)
        #expect(account.locked)
        #expect(Self.records(dir, type: "sign_in_refused").count == 12)
    }

    @Test func closeDayNeedsASupervisorsPin() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"], dir).status == 0)
        let byClerk = try Self.run(["close-day"], dir)
        #expect(byClerk.status == 1 && byClerk.stderr.contains("管理者"), "\(byClerk.stderr)")
        let wrong = try Self.run(["close-day"], dir, clerk: "sup1", pin: "135790")
        #expect(wrong.status == 1)
        #expect(Self.records(dir, type: "day_closed").isEmpty)
        let closed = try Self.run(["close-day"], dir, clerk: "sup1")
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(Self.records(dir, type: "day_closed").count == 1)
    }

    @Test func aPinComesFromTheEnvironmentOrOneLineOfInputAndNothingActsWithoutOne() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try Self.run(["case", "open"], dir, pin: "", stdin: "")
        #expect(none.status == 1 && none.stderr.contains("暗証番号が必要です"), "\(none.stderr)")
        let piped = try Self.run(["case", "open", "--json"], dir, pin: "", stdin: TestClerks.pin + "\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stdout.contains(TestClerks.pin) && !piped.stderr.contains(TestClerks.pin))
        #expect(!ParityRecords.of(dir).contains { $0.contains(TestClerks.pin) })
    }

    @Test func theFirstClerkMayBeAddedFreelyThenASupervisorSigns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("signin-add-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Binary.run(["clerk", "add", "boss", "--name", "課長 一郎", "--supervisor", "--data-dir", dir.path],
                                   environment: ["MADOGUCHI_PIN": ""], stdin: "135792\n135792\n")
        #expect(first.status == 0, "\(first.stderr)")
        let unsigned = try Binary.run(["clerk", "add", "k5", "--name", "窓口 五郎", "--data-dir", dir.path, "--clerk", "k5"],
                                      environment: ["MADOGUCHI_PIN": "246802"], stdin: "246802\n246802\n")
        #expect(unsigned.status == 1)
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k5") == nil)
        let signed = try Binary.run(["clerk", "add", "k5", "--name", "窓口 五郎", "--data-dir", dir.path, "--clerk", "boss"],
                                    environment: ["MADOGUCHI_PIN": "135792"], stdin: "246802\n246802\n")
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k5") != nil)
    }

    /// Without a supervisor nobody may take over another clerk (a locked one above all) by
    /// adding it again with a new PIN: a registered clerk signs and changes only their own.
    @Test func withoutASupervisorNoOneResetsAnotherClerksPin() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("signin-reset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01", "k02"], supervisors: [])
        let before = try #require(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")).pinHash
        for (signer, pin) in [("k01", "000000"), ("k02", TestClerks.pin), ("nobody", TestClerks.pin)] {
            let taken = try Binary.run(["clerk", "add", "k01", "--name", "乗っ取り", "--data-dir", dir.path, "--clerk", signer],
                                       environment: ["MADOGUCHI_PIN": pin], stdin: "222222\n222222\n")
            #expect(taken.status == 1, "\(signer): \(taken.stderr)")
        }
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")?.pinHash == before)
        let evil = try Binary.run(["clerk", "add", "evil", "--name", "x", "--supervisor", "--data-dir", dir.path, "--clerk", "evil"],
                                  environment: ["MADOGUCHI_PIN": "333333"], stdin: "333333\n333333\n")
        #expect(evil.status == 1)
        let own = try Binary.run(["clerk", "add", "k01", "--name", "試験 k01", "--data-dir", dir.path, "--clerk", "k01"],
                                 environment: ["MADOGUCHI_PIN": TestClerks.pin], stdin: "222222\n222222\n")
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try AppConfig.load(dataDirectory: dir).clerk(id: "k01")?.pinHash != before)
    }
}
