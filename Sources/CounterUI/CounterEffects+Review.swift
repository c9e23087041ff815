import CounterCore
import Foundation
import JapaneseKit

/// The 点検 and アクセス履歴 effects: each a supervisor's use case of the application layer,
/// run as the signed-in clerk, so the same records are written as by `madoguchi review` and
/// `madoguchi access-history`.
extension CounterEffects {
    func run(_ effect: ReviewEffect, clerk: String) throws(CounterAppError) -> ReviewMsg {
        // Every one of these reads the journals or the registry on a supervisor's behalf.
        try app.requireSupervisor(clerk)
        let today = app.clock.today()
        switch effect {
        case let .run(from, to):
            let to = to ?? today
            return .reviewed(try app.review(from: from ?? to, to: to, supervisor: clerk))
        case .storedLine(let evidence):
            return .storedLine(evidence, line: try app.storedLine(evidence))
        case .openResident(let finding):
            return .residentOpened(try app.reviewResident(of: finding, supervisor: clerk).resident)
        case let .sign(review, entries):
            let record = try app.signReview(review, entries: entries, supervisor: clerk)
            let printout = try app.printReviewRecord(review, entries: entries, record: record, supervisor: clerk)
            return .signed(ReviewSigned(seq: record.seq, hash: record.hash, destination: Self.destination(printout)))
        case let .accessHistory(resident, from, to):
            let to = to ?? today
            return .history(try app.accessHistory(resident: resident, from: from ?? ReviewText.yearBefore(to), to: to, supervisor: clerk))
        case .printAccessHistory(let history):
            return .printed(destination: Self.destination(try app.printAccessHistory(history, supervisor: clerk)))
        }
    }

    /// Where a printout went, as the screens say it: the printer, or the file in the spool folder.
    static func destination(_ printout: CounterPrinter.Printout) -> String {
        printout.printer.map { "プリンタ \($0)" } ?? "spool/" + printout.file.lastPathComponent
    }
}
