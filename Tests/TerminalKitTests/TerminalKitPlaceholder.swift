@testable import TerminalKit
