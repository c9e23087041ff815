import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A counter's data directory — config.yaml, registry, cases, journal, spool — and the rules
/// every face obeys before it writes there: live data and demo data never share a directory,
/// every file is private to the counter's own user, and a mistyped path is not silently made
/// into a new counter.
public struct DataDirectory: Sendable, Equatable {
    /// The directory as named (`--data-dir`, `$MADOGUCHI_DATA_DIR` or the default).
    public let url: URL

    public init(_ url: URL) { self.url = url.standardizedFileURL }

    // MARK: - Layout

    public var configFile: URL { url.appendingPathComponent("config.yaml") }
    public var journalDirectory: URL { url.appendingPathComponent("journal") }
    public var registryFile: URL { ResidentRegistry.databaseURL(dataDirectory: url) }
    public var casesFile: URL { url.appendingPathComponent(BereavementCaseStore.fileName) }
    /// Where printed forms go as PDF when no printer is configured.
    public var spoolDirectory: URL { url.appendingPathComponent("spool") }
    /// Written first by `madoguchi demo` into a directory it creates; nothing live is ever kept
    /// beside it.
    public var demoMarker: URL { url.appendingPathComponent(Self.demoMarkerName) }

    public static let demoMarkerName = ".madoguchi-demo"
    /// The marker's first line; an older marker (another text) proves nothing.
    static let demoMarkerHeader = "madoguchi demo data v2"
    /// The marker line written before the demo imports its synthetic registry.
    static let demoRegistryLine = "registry: synthetic"

    /// The directory with every symbolic link resolved (a link to the live directory is the
    /// live directory). A path that does not exist yet is resolved through its nearest
    /// existing ancestor.
    public var resolved: URL {
        var existing = url
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for part in rest { result.appendPathComponent(part) }
        return result.standardizedFileURL
    }

    /// Whether the directory names the same place as `other`, through links.
    public func isSame(as other: DataDirectory) -> Bool { resolved.path == other.resolved.path }

    // MARK: - What is in it

    /// Live counter data found in the directory: a LIVE journal, a registry not made by the
    /// demo, cases or clerks outside a demo directory. Empty for a missing, empty or demo
    /// directory.
    public func liveData() -> [DataDirectoryError.LiveData] {
        let fm = FileManager.default
        var found: [DataDirectoryError.LiveData] = []
        let marker = demoMarkerLines()
        if hasJournalFile(mode: .live) { found.append(.liveJournal) }
        if fm.fileExists(atPath: registryFile.path), !(marker?.contains(Self.demoRegistryLine) ?? false) { found.append(.registry) }
        if marker == nil, fm.fileExists(atPath: casesFile.path) { found.append(.cases) }
        if let config = try? AppConfig.load(dataDirectory: url),
           config.clerks.contains(where: { marker == nil || $0.id != Self.demoClerkID }) {
            found.append(.clerks)
        }
        return found
    }

    /// The demo's clerk, the only one a demo directory's config.yaml holds.
    public static let demoClerkID = "demo"

    /// The marker's lines, when the directory carries a current demo marker.
    func demoMarkerLines() -> [String]? {
        guard let text = try? String(contentsOf: demoMarker, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map(String.init)
        return lines.first == Self.demoMarkerHeader ? lines : nil
    }

    /// Whether the directory was created by the demo (it carries the demo marker).
    public var isDemo: Bool { demoMarkerLines() != nil }

    /// Whether anything at all is in the directory (it may not exist).
    public var isEmpty: Bool { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).isEmpty }

    /// Whether the directory is a counter's: it holds config.yaml or an imported registry.
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: configFile.path) || FileManager.default.fileExists(atPath: registryFile.path)
    }

    /// Whether a journal file of `mode` lies under `journal/` (its header names the mode).
    public func hasJournalFile(mode: JournalMode) -> Bool {
        guard let walker = FileManager.default.enumerator(at: journalDirectory, includingPropertiesForKeys: nil) else { return false }
        let needle = "\"\(mode.rawValue)\""
        for case let file as URL in walker where file.lastPathComponent.contains(".jsonl") {
            guard let handle = try? FileHandle(forReadingFrom: file) else { continue }
            let head = (try? handle.read(upToCount: 4096)) ?? Data()
            try? handle.close()
            if String(decoding: head, as: UTF8.self).contains(needle) { return true }
        }
        return false
    }

    /// Entries at any depth that are symbolic links, or files with a second hard link (a demo
    /// directory holds neither: either could lead its writes into live data, or its screens to
    /// live residents). Links are not followed.
    func links() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            var info = stat()
            guard lstat(url.appendingPathComponent(relative).path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK || (type == S_IFREG && info.st_nlink > 1) { found.append(relative) }
        }
        return found.sorted()
    }

    // MARK: - Rules

    /// Refuses a directory a live command must not write to: one the demo made, or (when
    /// `creating` is false) one that is not a counter's yet.
    public func checkLive(creating: Bool) throws(DataDirectoryError) {
        if isDemo { throw .demoDirectory(path: url.path) }
        if !creating, !isInitialized { throw .notInitialized(path: url.path) }
    }

    /// Refuses a directory the demo must not use or delete: `live` itself (through links), a
    /// directory holding live data of any kind, or one that is neither empty nor the demo's.
    /// Runs before the demo writes anything.
    public func checkDemo(live: DataDirectory) throws(DataDirectoryError) {
        if isSame(as: live) { throw .liveDirectory(path: live.url.path) }
        // Neither inside the other: a demo in live/journal/x would write beside live records,
        // and a --reset of a folder holding the live one would delete it.
        let (mine, theirs) = (resolved.path + "/", live.resolved.path + "/")
        if mine.hasPrefix(theirs) || theirs.hasPrefix(mine) { throw .nestedWithLive(path: url.path, live: live.url.path) }
        let found = liveData()
        if !found.isEmpty { throw .holdsLiveData(path: url.path, found: found) }
        if !links().isEmpty { throw .notDemo(path: url.path) }
        if !isEmpty, !isDemo { throw .notDemo(path: url.path) }
    }

    /// Creates the directory for the demo with its marker as the very first file.
    public func createDemo() throws(DataDirectoryError) {
        try makePrivateDirectory(url)
        guard !isDemo else { return }
        try writePrivate(Data((Self.demoMarkerHeader + "\nsafe to delete with: madoguchi demo --reset\n").utf8), to: demoMarker)
    }

    /// Notes in the marker that the registry about to be built is the demo's synthetic one.
    public func markDemoRegistry() throws(DataDirectoryError) {
        guard var lines = demoMarkerLines() else { throw .notDemo(path: url.path) }
        guard !lines.contains(Self.demoRegistryLine) else { return }
        lines.append(Self.demoRegistryLine)
        try writePrivate(Data((lines.joined(separator: "\n") + "\n").utf8), to: demoMarker)
    }

    /// Deletes a demo directory after `checkDemo` passed.
    public func deleteDemo(live: DataDirectory) throws(DataDirectoryError) {
        try checkDemo(live: live)
        guard isDemo else { throw .notDemo(path: url.path) }
        do { try FileManager.default.removeItem(at: url) } catch {
            throw .unwritable(path: url.path, code: CounterMessage.posixCode(of: error))
        }
    }

    // MARK: - Private files

    /// Creates `directory` (and missing parents) as 0700, or tightens it to 0700.
    public func makePrivateDirectory(_ directory: URL) throws(DataDirectoryError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path: directory.path, code: CounterMessage.posixCode(of: error))
        }
        chmod(directory.path, 0o700)
    }

    /// Writes `data` to `file` as 0600.
    func writePrivate(_ data: Data, to file: URL) throws(DataDirectoryError) {
        do { try data.write(to: file, options: .atomic) } catch {
            throw .unwritable(path: file.path, code: CounterMessage.posixCode(of: error))
        }
        chmod(file.path, 0o600)
    }

    /// Makes the directory and everything in it private to this user: directories 0700,
    /// files 0600 (links are left alone). Also sets the process's umask to 077 so every file
    /// this run creates (journal segments, spool PDFs, SQLite side files) is private whatever
    /// the user's own umask.
    public func makePrivate() {
        umask(0o077)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        chmod(url.path, 0o700)
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isSymbolicLinkKey, .isDirectoryKey]) else {
            return
        }
        for case let item as URL in walker {
            let values = try? item.resourceValues(forKeys: [.isSymbolicLinkKey, .isDirectoryKey])
            if values?.isSymbolicLink == true { continue }
            chmod(item.path, values?.isDirectory == true ? 0o700 : 0o600)
        }
    }
}

/// Why a data directory cannot be used for what was asked.
public enum DataDirectoryError: Error, Equatable, Sendable {
    /// Live counter data of one kind.
    public enum LiveData: String, Sendable, Equatable {
        case liveJournal, registry, cases, clerks

        var japaneseName: String {
            switch self {
            case .liveJournal: "本番（LIVE）のジャーナル"
            case .registry: "住民データ"
            case .cases: "おくやみの受付データ"
            case .clerks: "担当者の登録"
            }
        }
    }

    /// The demo was pointed at the live data directory.
    case liveDirectory(path: String)
    /// The demo was pointed inside the live data directory, or at a folder holding it.
    case nestedWithLive(path: String, live: String)
    /// The demo was pointed at a directory holding live data.
    case holdsLiveData(path: String, found: [LiveData])
    /// The demo was pointed at a directory it did not create.
    case notDemo(path: String)
    /// A live command was pointed at the demo's directory.
    case demoDirectory(path: String)
    /// A command that writes was pointed at a directory that is not a counter's.
    case notInitialized(path: String)
    /// The directory or a file in it cannot be written (errno-style `code`).
    case unwritable(path: String, code: Int?)

    /// What is wrong, in the counter's words.
    public var message: String {
        switch self {
        case .liveDirectory(let path):
            "研修モードは本番のデータディレクトリ（\(path)）では使えません。"
        case let .nestedWithLive(path, live):
            "研修用のフォルダ（\(path)）と本番のデータディレクトリ（\(live)）が入れ子になっています。本番のフォルダの外の、別のフォルダを指定してください。"
        case let .holdsLiveData(path, found):
            "\(path) には本番のデータ（\(found.map(\.japaneseName).joined(separator: "・"))）があるため、研修モードでは使わず、消去もしません。"
        case .notDemo(let path):
            "\(path) は研修モードが作ったフォルダではないため、研修モードでは使わず、消去もしません。"
        case .demoDirectory(let path):
            "\(path) は研修モード（madoguchi demo）のデータディレクトリです。本番の記録は書けません。"
        case .notInitialized(let path):
            ("\(path) は窓口のデータディレクトリではありません（config.yaml も住民データもありません）。--data-dir の綴りを確かめてください。"
                + "新しく始めるときは madoguchi clerk add ID --name 氏名 --supervisor で担当者を登録するか、madoguchi import residents FILE で住民データを取り込むと作成されます。")
        case let .unwritable(path, code):
            CounterMessage.fileMessage(path: path, underlying: code)
        }
    }
}
