import ArgumentParser
import CounterCore
import CounterUI
import CursesBackend
import Foundation
import JapaneseKit
import TerminalKit

/// `madoguchi bench keys`: what a clerk waits for after each key — the key through `update`,
/// the screen through `view`, and the frame drawn by ncurses (to /dev/null, as `bench render`)
/// — in this process, on a synthetic town in a scratch training directory. The work a key
/// starts (a search, opening a case) runs as the counter's effect runner runs it, outside the
/// loop; its answer is timed apart, as the next frame it brings.
struct BenchKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Keystroke → update → view → draw: typing into 住民検索 and moving through the おくやみ checklist (target p99 ≤ 2 ms)."
    )

    @OptionGroup var forms: FormsOption
    @Option(help: "Residents of the synthetic town.") var residents = 20_000
    @Option(help: "Seed of the synthetic town.") var seed: UInt64 = 1
    @Option(help: "Rounds of each script.") var rounds = 20

    func run() throws {
        guard residents > 0, rounds > 0 else { throw CommandFailure.usage("--residents と --rounds は 1 以上にしてください。") }
        let scratch = try Bench.temporaryDirectory("keys")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dir = DataDirectory(scratch.appendingPathComponent("data"))
        try DemoCommand.prepare(dir, residents: residents, seed: seed)
        let app = try CounterSession.open(dir, forms: forms, purpose: .training, clock: SystemClock())
        _ = try CounterSession.refusing { try app.requireForms() }
        guard let clerk = app.config.clerk(id: DemoCommand.clerkID) else { throw CommandFailure.refused("研修用の担当者がありません。") }
        let context = CounterContext(cityName: app.config.cityName, terminalID: app.config.terminalID, clerk: clerk.name,
                                     clerkID: clerk.id, idleLockSeconds: nil, paymentTerminal: app.config.paymentTerminal,
                                     demoSeed: seed)
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal.openHeadless(width: 80, height: 24) } catch { throw CommandFailure.refused(error.message) }
        defer { terminal.close() }
        var loop = TimedLoop(model: .signedIn(context: context, now: Date(), mode: .trainer, role: clerk.role),
                             runner: CounterEffects(app: app), terminal: terminal)
        let town = Array(SyntheticResidents(count: residents, seed: seed))
        guard let deceased = town.first(where: { $0.status == .deceased && $0.statusDate != nil }), let died = deceased.statusDate else {
            throw CommandFailure.refused("合成の住民に死亡した人がいません。--residents を増やしてください。")
        }

        // 住民検索: a family name typed in kana, the search, the results walked, the field cleared.
        var typing: [Double] = [], moving: [Double] = []
        try loop.expect("【住民検索】")
        for round in 0..<rounds {
            let kana = String(town[(round * 997) % town.count].kana.split(separator: " ")[0])
            for character in kana { typing.append(loop.press(.character(character))) }
            typing.append(loop.press(.enter))
            try loop.expect("件")
            for _ in 0..<5 { typing.append(loop.press(.down)) }
            for _ in 0..<5 { typing.append(loop.press(.up)) }
            for _ in kana { typing.append(loop.press(.backspace)) }
        }

        // おくやみ: find the deceased, the dates, the checklist, then up and down its items.
        _ = loop.press(.function(7))
        try loop.expect("亡くなった方")
        for character in deceased.id { _ = loop.press(.character(character)) }
        _ = loop.press(.enter)
        try loop.expect(deceased.id)
        _ = loop.press(.enter)
        try loop.expect("死亡を知った日")
        _ = loop.press(.down)
        for character in died.adding(days: 2).warekiShort { _ = loop.press(.character(character)) }
        _ = loop.press(.function(10))
        try loop.expect("受付番号")
        for _ in 0..<rounds {
            for _ in 0..<30 { moving.append(loop.press(.down)) }
            for _ in 0..<30 { moving.append(loop.press(.up)) }
        }

        print("bench keys: 80×24, \(residents) residents, keystroke → update → view → draw (ncurses to /dev/null), \(rounds) rounds")
        for (name, samples) in [("住民検索 typing", typing), ("おくやみ checklist", moving), ("answers of effects", loop.answers)] {
            let stats = BenchStatistics(samples: samples)
            print("  \(name) (\(samples.count)): \(stats.summary)  max \(Bench.format((samples.max() ?? 0) * 1000, 3)) ms")
        }
        let keys = BenchStatistics(samples: typing + moving)
        print("  every keystroke p99 \(Bench.format(keys.percentile(0.99) * 1000, 3)) ms (target ≤ 2 ms; answers of a search or"
              + " a case store are the work itself, see bench search)")
        print("  peak memory \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
    }
}

/// The counter's loop, timed: each message through `update`, the screen drawn, and the
/// effects run as the runner runs them, their answers fed back.
private struct TimedLoop {
    var model: AppModel
    let runner: CounterEffects
    let terminal: CursesTerminal
    /// Seconds of each frame an effect's answer brought.
    var answers: [Double] = []

    /// Presses `key`: returns the seconds until its frame is drawn.
    mutating func press(_ key: Key) -> Double {
        let (seconds, effects) = frame(.key(key))
        var queue = effects
        while !queue.isEmpty {
            for msg in runner.perform(queue.removeFirst(), context: model.context) {
                let (answer, more) = frame(msg)
                answers.append(answer)
                queue += more
            }
        }
        return seconds
    }

    private mutating func frame(_ msg: Msg) -> (Double, [Effect]) {
        let start = Bench.now()
        let effects = model.update(msg)
        var grid = CellGrid(width: 80, height: 24)
        model.view(into: &grid)
        terminal.draw(grid)
        return (Bench.now() - start, effects.filter { $0 != .quit })
    }

    /// Refuses to go on unless `text` is on the screen (the script lost its way).
    func expect(_ text: String) throws {
        var grid = CellGrid(width: 80, height: 24)
        model.view(into: &grid)
        guard grid.rows.contains(where: { $0.contains(text) }) else {
            throw CommandFailure.refused("bench keys: 画面に「\(text)」がありません:\n" + grid.rows.joined(separator: "\n"))
        }
    }
}
