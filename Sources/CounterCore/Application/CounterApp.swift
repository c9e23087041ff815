import Foundation
import JapaneseKit
import Synchronization

/// The counter's application layer: one data directory opened once — config, journal,
/// registry, cases, forms, payment methods, print spool — and every act a clerk or supervisor
/// can do as one use case over it. The command line and the counter screen are thin faces over
/// this type, so the same act writes the same records whichever face does it.
public final class CounterApp: Sendable {
    /// What the caller means to do with the directory.
    public enum Purpose: Sendable {
        /// Write live records into an existing counter's directory (most commands).
        case live
        /// Write live records, creating the directory when it is new (`clerk add`, `import`).
        case liveCreating
        /// The demo's own directory (TRAINING journal).
        case training
    }

    public let directory: DataDirectory
    public let formsDirectory: URL
    public let config: AppConfig
    public let clock: any WallClock
    public let journal: Journal
    public let forms: FormLibrary
    /// The bereavement rules (Forms/bereavement), checked against the form library.
    public let rules: BereavementRuleBook
    public let printer: CounterPrinter
    let catalogResult: Result<PaymentMethodCatalog, CounterAppError>
    let registryResult: Result<ResidentRegistry, RegistryError>
    /// `cases.sqlite` is created on first use, not by commands that never touch a case.
    private let caseStore = Mutex<(any BereavementCaseStoring)?>(nil)
    /// Journal sources beyond the data directory's (the hub's copy of every terminal), attached
    /// by the face that connects to them.
    private let attachedSources = Mutex<[any JournalSource]>([])

    /// Opens `directory` for `purpose`: refuses a demo directory for live work and a directory
    /// that is not a counter's (unless creating), makes every file in it private, then opens
    /// the journal (LIVE or TRAINING), the registry (when imported) and the forms.
    public static func open(directory: DataDirectory, formsDirectory: URL, purpose: Purpose, clock: any WallClock,
                            appVersion: String = Journal.defaultAppVersion) throws(CounterAppError) -> CounterApp {
        switch purpose {
        case .live: try wrap { () throws(DataDirectoryError) in try directory.checkLive(creating: false) }
        case .liveCreating: try wrap { () throws(DataDirectoryError) in try directory.checkLive(creating: true) }
        case .training:
            guard directory.isDemo else { throw .directory(.notDemo(path: directory.url.path)) }
        }
        try wrap { () throws(DataDirectoryError) in try directory.makePrivateDirectory(directory.url) }
        directory.makePrivate()
        let config: AppConfig
        do { config = try AppConfig.load(dataDirectory: directory.url) } catch {
            throw .config(error as? ConfigError ?? .unreadable(path: directory.configFile.path, reason: CounterMessage.reason(for: error)))
        }
        let journal: Journal
        do {
            journal = try Journal.open(directory: directory.journalDirectory, terminalID: config.terminalID,
                                       mode: purpose == .training ? .training : .live, clock: clock, appVersion: appVersion,
                                       witnessDirectories: config.witnessDirectories(dataDirectory: directory.url))
        } catch {
            throw .engine(CounterMessage.text(for: error))
        }
        let registry: Result<ResidentRegistry, RegistryError>
        do { registry = .success(try ResidentRegistry(dataDirectory: directory.url, accessLog: journal)) } catch {
            registry = .failure(error)
        }
        let forms = FormLibrary.load(directory: formsDirectory)
        let catalog: Result<PaymentMethodCatalog, CounterAppError>
        do { catalog = .success(try PaymentMethodCatalog.load(formsDirectory: formsDirectory)) } catch {
            catalog = .failure(.engine(error.message))
        }
        return CounterApp(directory: directory, formsDirectory: formsDirectory, config: config, clock: clock, journal: journal,
                          forms: forms, rules: BereavementRuleBook.load(directory: formsDirectory, forms: forms),
                          printer: CounterPrinter(name: config.printer, spool: directory.spoolDirectory),
                          catalog: catalog, registry: registry)
    }

    private init(directory: DataDirectory, formsDirectory: URL, config: AppConfig, clock: any WallClock, journal: Journal,
                 forms: FormLibrary, rules: BereavementRuleBook, printer: CounterPrinter,
                 catalog: Result<PaymentMethodCatalog, CounterAppError>, registry: Result<ResidentRegistry, RegistryError>) {
        self.directory = directory
        self.formsDirectory = formsDirectory
        self.config = config
        self.clock = clock
        self.journal = journal
        self.forms = forms
        self.rules = rules
        self.printer = printer
        self.catalogResult = catalog
        self.registryResult = registry
    }

    /// Readies `directory` for a live command that creates it when new (`clerk add`, `import
    /// residents`): refuses the demo's directory, creates it private and tightens what is in it.
    public static func prepareLive(_ directory: DataDirectory) throws(CounterAppError) {
        try wrap { () throws(DataDirectoryError) in
            try directory.checkLive(creating: true)
            try directory.makePrivateDirectory(directory.url)
        }
        directory.makePrivate()
    }

    private static func wrap(_ body: () throws(DataDirectoryError) -> Void) throws(CounterAppError) {
        do { try body() } catch { throw .directory(error) }
    }

    /// Whether this is the demo (TRAINING journal, simulated payment terminal).
    public var isTraining: Bool { journal.mode == .training }

    /// Keeps bereavement cases in `store` (the hub's, shared by every terminal) instead of `cases.sqlite`.
    public func attach(caseStore store: any BereavementCaseStoring) {
        caseStore.withLock { $0 = store }
    }

    /// Adds `source` to the supervisor's sources, after this terminal's and `journal_dirs`.
    public func attach(journalSource source: any JournalSource) {
        attachedSources.withLock { $0.append(source) }
    }

    /// The sources attached with `attach(journalSource:)`.
    var attachedJournalSources: [any JournalSource] { attachedSources.withLock { $0 } }

    // MARK: - Engines

    /// The imported registry, or what to do about its absence.
    public func registry() throws(CounterAppError) -> ResidentRegistry {
        switch registryResult {
        case .success(let registry): return registry
        case .failure(let error): throw .registry(error)
        }
    }

    /// The payment methods of Forms/payment-methods.yaml.
    public func catalog() throws(CounterAppError) -> PaymentMethodCatalog {
        try catalogResult.get()
    }

    /// The procedure forms; refuses when none were found.
    public func requireForms() throws(CounterAppError) -> FormLibrary {
        guard !forms.forms.isEmpty else { throw .noForms(path: formsDirectory.appendingPathComponent("procedures").path) }
        return forms
    }

    /// The payment engine over this journal.
    public func payments() throws(CounterAppError) -> PaymentService {
        PaymentService(journal: journal, catalog: (try? catalog()) ?? PaymentMethodCatalog(methods: []), forms: forms, clock: clock)
    }

    /// The bereavement case store: the hub's when one is attached, else `cases.sqlite`
    /// (every change journaled either way).
    public func cases() throws(CounterAppError) -> any BereavementCaseStoring {
        do {
            return try caseStore.withLock { store in
                if let store { return store }
                let opened = try BereavementCaseStore(dataDirectory: directory.url, clock: clock, journal: journal)
                chmod(directory.casesFile.path, 0o600)
                store = opened
                return opened
            }
        } catch {
            throw .engine(CounterMessage.text(for: error))
        }
    }

    /// Runs an engine call, wording whatever it throws in the counter's words.
    @discardableResult
    func engine<T>(_ body: () throws -> T) throws(CounterAppError) -> T {
        do { return try body() } catch let error as CounterAppError { throw error } catch {
            throw .engine(CounterMessage.text(for: error))
        }
    }
}

/// Why the application layer refused or failed. `message` says what is wrong in the
/// domain's words (never a typed number, never a Swift description); each face adds its remedy.
public enum CounterAppError: Error, Equatable, Sendable {
    case directory(DataDirectoryError)
    case config(ConfigError)
    case registry(RegistryError)
    case noForms(path: String)
    case signIn(SignInRefusal)
    /// A date of a death is missing or contradicts another.
    case dates(CounterApp.DeathDates.Field, String)
    /// A rule of the domain refused the act; the message names it.
    case refused(String)
    /// An engine refused; its message, already worded.
    case engine(String)
    /// Disabling `id` would leave no active supervisor to sign for the clerks.
    case lastSupervisor(id: String)

    public var message: String {
        switch self {
        case .directory(let error): error.message
        case .config(let error): CounterMessage.text(for: error)
        case .registry(let error): error.message
        case .noForms(let path): "帳票定義が見つかりません: \(path)。"
        case .signIn(let refusal): refusal.message
        case .refused(let message), .engine(let message), .dates(_, let message): message
        case .lastSupervisor(let id): "担当者 \(DisplaySanitizer.sanitize(id)) は最後の管理者のため無効にできません。先にほかの管理者を登録してください。"
        }
    }
}
