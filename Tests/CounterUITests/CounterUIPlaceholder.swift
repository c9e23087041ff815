@testable import CounterUI
