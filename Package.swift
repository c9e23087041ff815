// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "madoguchi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "madoguchi", targets: ["madoguchi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // Pure Swift + Foundation: display width, sanitizing, 和暦, holidays, deadlines, kana keys.
        .target(name: "JapaneseKit"),
        // The engine: registry, forms, bereavement, journal, payments, reports, printing. No terminal.
        .target(
            name: "CounterCore",
            dependencies: [
                "JapaneseKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C interface itself, for the import's bulk inserts.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The hub: journal shipping, the hub's journal source and shared cases on PostgreSQL.
        .target(
            name: "CounterHub",
            dependencies: [
                "CounterCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Pure Swift terminal model: cells, layout, keys, styles, widgets.
        .target(name: "TerminalKit", dependencies: ["JapaneseKit"]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        // The only module that touches ncurses.
        // It defines the program's `wcwidth` (see AmbiguousWidth.swift); exported, so ncurses
        // measures characters with it rather than with the C library's.
        .target(name: "CursesBackend", dependencies: ["TerminalKit", "CNCurses"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=wcwidth"], .when(platforms: [.linux]))]),
        // Screens: state → update → view.
        .target(name: "CounterUI", dependencies: ["CounterCore", "TerminalKit"]),
        .executableTarget(
            name: "madoguchi",
            dependencies: [
                "CounterUI", "CounterCore", "CounterHub", "CursesBackend", "TerminalKit", "JapaneseKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support only (not in the product): reads printed PDFs back as text.
        .target(name: "CounterTestSupport", dependencies: ["CounterCore"], path: "Tests/_CounterTestSupport"),
        .testTarget(name: "JapaneseKitTests", dependencies: ["JapaneseKit"], exclude: ["Fixtures"]),
        .testTarget(name: "CounterCoreTests", dependencies: ["CounterCore", "CounterTestSupport"]),
        .testTarget(name: "CounterHubTests", dependencies: ["CounterHub", "CounterCore", "CounterTestSupport", "madoguchi", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend"]),
        .testTarget(name: "CounterUITests", dependencies: ["CounterUI", "CounterTestSupport"], exclude: ["Snapshots"]),
        // Runs the built binary in tmux and through its command line.
        .testTarget(name: "EndToEndTests", dependencies: ["madoguchi", "CounterCore", "CounterUI", "TerminalKit", "CounterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
