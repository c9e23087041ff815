import CounterCore
import CounterUI
import Foundation
import JapaneseKit

/// The clerk screens' effects, run against the engines as the signed-in clerk.
extension Runtime {
    func performClerk(_ effect: ClerkEffect, context: CounterContext) -> [Msg] {
        let clerk = context.clerkID ?? ""
        do {
            return [.clerk(try run(effect, clerk: clerk, context: context))]
        } catch {
            return [.clerk(.failed(Self.message(for: error)))]
        }
    }

    private func run(_ effect: ClerkEffect, clerk: String, context: CounterContext) throws -> ClerkResult {
        switch effect {
        case let .signIn(id, pin):
            return try signIn(id: id, pin: pin, unlocking: false)
        case .unlock(let pin):
            return try signIn(id: clerk, pin: pin, unlocking: true)
        case .signOut:
            try services.journal.append(.logout, clerk: clerk, fields: [:])
            return .recorded
        case .locked(let reason):
            try services.journal.append(.lock, clerk: clerk, fields: ["reason": .string(reason)])
            return .recorded
        case .search(let query):
            let registry = try requireRegistry()
            return .searchResults(query: query, try registry.search(query, limit: ResidentSearchScreen.limit, clerk: clerk))
        case .openResident(let id):
            let (resident, household) = try requireRegistry().residentWithHousehold(id: id, clerk: clerk)
            return .residentOpened(resident, household: household)
        case .household(let id):
            let (_, household) = try requireRegistry().residentWithHousehold(id: id, clerk: clerk)
            return .householdShown(of: id, household.map(ResidentSummary.init))
        case .openCase(let procedure):
            let opened = try services.payments.openCase(procedure: procedure, clerk: clerk)
            return .caseOpened(VisitSetup(caseID: opened.caseID, openedAt: clock.now(), forms: services.forms.forms,
                                          methods: services.catalog, cityName: services.config.cityName, clerkID: clerk,
                                          clerkName: context.clerk ?? clerk, paymentTerminal: services.config.paymentTerminal,
                                          demoSeed: context.demoSeed))
        case .printForms(let forms):
            return try print(forms, clerk: clerk)
        case .recordPayment(let request):
            let receipt = try services.payments.recordPayment(request)
            return .paid(receipt: receipt.receipt, amount: receipt.amount)
        case .closeCase(let caseID):
            try services.payments.closeCase(caseID, clerk: clerk)
            return .caseClosed(caseID: caseID, at: clock.now())
        }
    }

    private func requireRegistry() throws -> ResidentRegistry {
        guard let registry = services.registry else {
            throw CommandFailure.refused(services.registryProblem ?? "住民データがありません。")
        }
        return registry
    }

    /// Checks a PIN against config.yaml (read afresh, so a clerk added or unlocked meanwhile
    /// counts). Five wrong PINs in a row lock the clerk in config.yaml, with a journal record.
    private func signIn(id: String, pin: String, unlocking: Bool) throws -> ClerkResult {
        let config = (try? AppConfig.load(dataDirectory: services.dataDirectory)) ?? services.config
        let refused = "担当者IDまたは暗証番号が違います。確かめてもう一度入力してください。"
        guard ClerkAccount.isValidID(id), let account = config.clerk(id: id) else { return .signInRefused(refused) }
        if account.disabled { return .signInRefused("担当者 \(id) は無効になっています。管理者に確認してください。") }
        if account.locked {
            return .signInRefused("担当者 \(id) は暗証番号の誤りが続いたためロックされています。管理者が madoguchi clerk unlock \(id) で解除します。")
        }
        guard PINHash.verify(pin: pin, encoded: account.pinHash) else {
            let failures = services.attempts.fail(id)
            if failures >= ClerkAccount.maxFailedAttempts {
                var updated = config
                if let i = updated.clerks.firstIndex(where: { $0.id == id }) { updated.clerks[i].locked = true }
                try updated.save(dataDirectory: services.dataDirectory)
                try services.journal.append(.lock, clerk: id, fields: ["reason": "pin_failures", "failures": .int(failures)])
                services.attempts.reset(id)
                return .signInRefused("暗証番号を \(failures) 回間違えたため、担当者 \(id) をロックしました。管理者に解除を依頼してください。")
            }
            let left = ClerkAccount.maxFailedAttempts - failures
            return .signInRefused(unlocking ? "暗証番号が違います（あと \(left) 回間違えるとロックされます）。"
                : "担当者IDまたは暗証番号が違います（あと \(left) 回間違えるとロックされます）。")
        }
        services.attempts.reset(id)
        try services.journal.append(.login, clerk: id, fields: ["role": .string(account.role.rawValue), "unlock": .bool(unlocking)])
        return .signedIn(id: id, name: account.name, supervisor: account.role == .supervisor)
    }

    /// Records each form as issued (form_printed, durably) before its PDF goes to the spool
    /// folder, or to `lp` when config.yaml names a printer.
    private func print(_ forms: [FilledForm], clerk: String) throws -> ClerkResult {
        let spool = services.spoolDirectory
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        var files: [URL] = []
        for form in forms {
            let record = try FormIssuance.record(form, in: services.journal, clerk: clerk)
            let pdf = FormPrintout.document(for: form, printedAt: clock.now()).data()
            let url = spool.appendingPathComponent("\(form.caseNumber)-\(form.formID)-\(record.seq).pdf")
            try pdf.write(to: url, options: .atomic)
            files.append(url)
        }
        guard let printer = services.config.printer, !printer.isEmpty else {
            return .printed(count: forms.count, destination: "spool/" + (files.last?.lastPathComponent ?? ""))
        }
        for file in files {
            let lp = Process()
            lp.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            lp.arguments = ["lp", "-d", printer, "-n", "1", file.path]
            lp.standardOutput = FileHandle.nullDevice
            lp.standardError = FileHandle.nullDevice
            try lp.run()
            lp.waitUntilExit()
            guard lp.terminationStatus == 0 else {
                throw CommandFailure.refused("プリンタ \(printer) に送れませんでした（lp 終了コード \(lp.terminationStatus)）。PDF は spool に保存しました。プリンタを確認してください。")
            }
        }
        return .printed(count: forms.count, destination: "プリンタ \(printer)")
    }

    static func message(for error: Error) -> String {
        switch error {
        case let e as RegistryError: return e.message
        case let e as PaymentRefusal: return e.message
        case let e as FormIssuanceError: return e.message
        case let e as CommandFailure: return e.message
        case let e as ConfigError:
            if case let .unwritable(path, reason) = e { return "設定ファイルを書けません: \(path)（\(reason)）。" }
            return "設定ファイルを読めません。"
        default: return JournalCommand.message(for: error)
        }
    }
}
