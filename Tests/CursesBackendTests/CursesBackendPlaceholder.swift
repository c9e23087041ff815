@testable import CursesBackend
