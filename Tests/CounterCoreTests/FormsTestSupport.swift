import CounterCore
import Foundation

/// The Forms/ directory shipped in the repository.
enum ShippedForms {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Forms")
    }

    static let library = FormLibrary.load(directory: directory)
}

/// A temporary forms directory with the given procedure files.
struct TempForms {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        let procedures = url.appendingPathComponent("procedures")
        try FileManager.default.createDirectory(at: procedures, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: procedures.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
