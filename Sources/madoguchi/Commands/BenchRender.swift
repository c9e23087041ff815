import ArgumentParser
import CursesBackend
import Foundation
import JapaneseKit
import TerminalKit

/// `madoguchi bench render`: a full screen of Japanese text rendered into the grid and
/// drawn through ncurses, at 80×24 and 200×60.
struct BenchRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time rendering a full screen of Japanese text and drawing it, beside ncurses alone (target ≤ 1.3×).",
        discussion: """
        Each frame fills every row of a CellGrid with Japanese text (names, addresses, kana, \
        half-width kana, digits) in alternating styles, then draws it through ncurses' newterm \
        writing to /dev/null: the same cell runs, attribute changes, diffing and escape \
        sequences as on a real terminal, without waiting for one. The text shifts every frame \
        so each frame really changes the screen.
        """
    )

    @Option(help: "Frames per size.") var frames = 2000

    mutating func run() throws {
        guard frames > 0 else { throw CommandFailure.usage("--frames は 1 以上にしてください。") }
        print("render: \(frames) frames per size, grid = text into CellGrid, draw = cells to ncurses + doupdate to /dev/null;")
        print("  ncurses alone = the same frames' cells prepared beforehand, drawn with mvwadd_wchnstr + doupdate only")
        for (width, height) in [(80, 24), (200, 60)] {
            let terminal: CursesTerminal
            do {
                terminal = try CursesTerminal.openHeadless(width: width, height: height)
            } catch {
                throw CommandFailure.refused(error.message)
            }
            var grid = BenchStatistics(samples: []), draw = BenchStatistics(samples: []), total = BenchStatistics(samples: [])
            var alone = BenchStatistics(samples: [])
            let (drawnWidth, drawnHeight) = terminal.size
            let warmUp = 50
            // In turn, a batch of full frames and the same frames through ncurses alone: each
            // frame changes the screen from the one before in both.
            let batch = 100
            var frame = 0
            while frame < frames + warmUp {
                let count = min(batch, frames + warmUp - frame)
                let texts = (frame..<(frame + count)).map { Self.lines($0, width: width, height: height) }
                for (i, lines) in texts.enumerated() {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let cells = Self.frame(lines, width: width, height: height)
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    terminal.draw(cells)
                    let t2 = DispatchTime.now().uptimeNanoseconds
                    guard frame + i >= warmUp else { continue }
                    grid.samples.append(Double(t1 - t0) / 1e9)
                    draw.samples.append(Double(t2 - t1) / 1e9)
                    total.samples.append(Double(t2 - t0) / 1e9)
                }
                let prepared = texts.map { terminal.prepare(Self.frame($0, width: width, height: height)) }
                for (i, cells) in prepared.enumerated() {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    terminal.draw(cells)
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    if frame + i >= warmUp { alone.samples.append(Double(t1 - t0) / 1e9) }
                }
                frame += count
            }
            terminal.close()
            print("\(width)×\(height) (ncurses screen \(drawnWidth)×\(drawnHeight))")
            print("  grid          \(grid.summary)")
            print("  draw          \(draw.summary)")
            print("  frame         \(total.summary)")
            print("  ncurses alone \(alone.summary)")
            print("  frame / ncurses alone: median \(Bench.format(total.median / alone.median)) (target ≤ 1.3)")
        }
        print(String(format: "peak memory %.1f MiB", Bench.peakMemoryMiB()))
    }

    static let sample = Array("いわき市平字田町１２０番地　山田太郎　ヤマダ　タロウ　ﾀﾞｲｽｹ　令和8年11月25日　住民票の写し　印鑑登録証明書　𠮷野家　")

    /// The text of frame `n`: one line per row, a little wider than the screen so the right
    /// edge clips (sometimes before a wide character). Prepared outside the timing, like
    /// data a screen already holds.
    static func lines(_ n: Int, width: Int, height: Int) -> [String] {
        (0..<height).map { row in
            var line = ""
            var lineWidth = 0
            var i = n + row * 7
            while lineWidth < width + 2 {
                let c = sample[i % sample.count]
                line.append(c)
                lineWidth += DisplayWidth.of(c)
                i += 1
            }
            return line
        }
    }

    /// One full screen: every row filled with text, styles alternating as in a list.
    static func frame(_ lines: [String], width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let styles: [Style] = [.normal, .title, .normal, .selected, .muted, .normal]
        for (row, line) in lines.enumerated() {
            grid.put(line, at: Point(x: 0, y: row), maxWidth: width, style: styles[row % styles.count], pad: true)
        }
        return grid
    }
}
