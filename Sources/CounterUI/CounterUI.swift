import CounterCore
import TerminalKit
