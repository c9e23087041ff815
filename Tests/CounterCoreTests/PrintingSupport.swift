import Foundation

/// Reads a PDF back with poppler's `pdftotext` (installed by .ci/run).
enum Poppler {
    static func text(of pdf: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.pdf")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", "-enc", "UTF-8", input.path, "-"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PopplerError(message: "pdftotext exit \(process.terminationStatus): " + String(decoding: errors, as: UTF8.self))
        }
        // poppler prints syntax problems on stderr even when it recovers: a well-formed file has none.
        let warnings = String(decoding: errors, as: UTF8.self)
        guard warnings.isEmpty else { throw PopplerError(message: warnings) }
        return String(decoding: data, as: UTF8.self)
    }
}

struct PopplerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
