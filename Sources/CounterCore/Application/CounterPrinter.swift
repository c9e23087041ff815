import Foundation

/// Where printouts go: PDFs into `<data-dir>/spool`, then to `lp -d PRINTER` when
/// config.yaml names a printer. The one place that prints, for every face.
public struct CounterPrinter: Sendable {
    /// The `lp` printer, or nil to keep PDFs in the spool folder.
    public let name: String?
    public let spool: URL

    public init(name: String?, spool: URL) {
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
        self.spool = spool
    }

    /// Printing failed after the record was written.
    public enum Failure: Error, Equatable, Sendable {
        case unwritable(path: String, code: Int?)
        case lpMissing(printer: String)
        case lpFailed(printer: String, status: Int32)

        public var message: String {
            switch self {
            case let .unwritable(path, code): CounterMessage.fileMessage(path: path, underlying: code)
            case .lpMissing(let printer): "プリンタ \(printer) に送れません（lp を実行できません）。PDF は spool に保存しました。"
            case let .lpFailed(printer, status): "プリンタ \(printer) に送れませんでした（lp 終了コード \(status)）。PDF は spool に保存しました。プリンタを確かめてください。"
            }
        }
    }

    /// Where one printout went.
    public struct Printout: Equatable, Sendable {
        /// The PDF written.
        public var file: URL
        /// The printer it was sent to, when one is configured.
        public var printer: String?
    }

    /// Writes `pdf` as `<name>.pdf` into the spool folder (0600) and sends it to the printer.
    public func print(_ pdf: Data, name: String) throws(Failure) -> Printout {
        let file = spool.appendingPathComponent(name + ".pdf")
        try Self.write(pdf, to: file)
        guard let printer = self.name else { return Printout(file: file, printer: nil) }
        let lp = Process()
        lp.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        lp.arguments = ["lp", "-d", printer, "-n", "1", file.path]
        lp.standardOutput = FileHandle.nullDevice
        lp.standardError = FileHandle.nullDevice
        do { try lp.run() } catch { throw .lpMissing(printer: printer) }
        lp.waitUntilExit()
        guard lp.terminationStatus == 0 else { throw .lpFailed(printer: printer, status: lp.terminationStatus) }
        return Printout(file: file, printer: printer)
    }

    /// Writes `pdf` to `file` (a path the clerk named, or the spool), private to this user.
    public static func write(_ pdf: Data, to file: URL) throws(Failure) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path: file.path, code: CounterMessage.posixCode(of: error))
        }
        // Created 0600: there is no moment when another user could read the printout.
        do { try PrivateFile.write(pdf, to: file) } catch { throw .unwritable(path: error.path, code: Int(error.code)) }
    }
}
