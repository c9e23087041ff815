import CNCurses
import TerminalKit
