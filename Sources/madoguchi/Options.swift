import ArgumentParser
import CounterCore
import Foundation

/// `--data-dir`: shared by every command that reads or writes counter data.
struct DataDirOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "Data directory (registry, journal, config.yaml).",
        discussion: "Default: $MADOGUCHI_DATA_DIR, else ~/.local/share/madoguchi.", valueName: "dir"))
    var path: String?

    var url: URL { DataLocations.dataDirectory(option: path) }

    var directory: DataDirectory { DataDirectory(url) }

    /// The data directory's config.yaml, or a refusal that says what is wrong with it.
    func config() throws -> AppConfig {
        do { return try AppConfig.load(dataDirectory: url) } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
    }
}

/// `--forms`: where form definitions, bereavement rules and payment methods live.
struct FormsOption: ParsableArguments {
    @Option(name: .customLong("forms"), help: ArgumentHelp(
        "Forms directory.",
        discussion: "Default: $MADOGUCHI_FORMS_DIR, else ./Forms, else the copy installed with the binary (beside it, under share/madoguchi, or in the source checkout it was built in).",
        valueName: "dir"))
    var path: String?

    var url: URL { DataLocations.formsDirectory(option: path) }
}

/// `--clerk`: who is doing this, for every command that writes the journal.
struct ClerkOption: ParsableArguments {
    @Option(name: .customLong("clerk"), help: ArgumentHelp(
        "Clerk id recorded in the journal; commands that record an act check this clerk's PIN.",
        discussion: "Default: $MADOGUCHI_CLERK, else the login name. The PIN is read from $MADOGUCHI_PIN, else typed on the terminal (not shown), else one line of standard input.",
        valueName: "id"))
    var id: String?

    var resolved: String { DataLocations.clerkID(option: id) }
}

/// A command's own failure, with the exit status the conventions give it.
///
/// Exit 1: understood but refused (not allowed, or data failed validation). Exit 2: bad
/// usage. Commands may use further codes their issue names (3: ineligible).
struct CommandFailure: Error {
    let code: Int32
    let message: String

    static func refused(_ message: String) -> CommandFailure { CommandFailure(code: 1, message: message) }
    static func usage(_ message: String) -> CommandFailure { CommandFailure(code: 2, message: message) }
}

/// The options of a supervisor's command (review, access-history, workload): who signs
/// (`--clerk` and their PIN), the data directory and the forms.
struct SupervisorOptions: ParsableArguments {
    @OptionGroup var clerk: ClerkOption
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    /// Opens the data directory once and signs the supervisor in; a clerk's account is refused.
    func signIn() throws -> (app: CounterApp, supervisor: String) {
        let app = try CounterSession.open(dataDir, forms: forms)
        return (app, try CounterSession.signIn(app, clerk, supervisor: true).id)
    }
}
