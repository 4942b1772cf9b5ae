// swift-tools-version:6.0
// llmbench: measures what LLM APIs cost, how fast they answer and how well.
// No third-party packages: the toolchain plus two system C libraries (libsqlite3, libcurl), and zlib
// for the render test only (it inflates the PNG files headless Chromium writes).
import PackageDescription

/// The build stamp (Sources/llmbench/Build/BuildInfo.swift): the Makefile's targets write
/// `Build/Stamp/BuildStamp.generated.swift` (not in git) and build with LLMBENCH_BUILD_STAMP=1, which
/// compiles `Build/Stamp/` instead of `Build/Unstamped/`; a plain `swift build` compiles the latter and
/// records the commit `unknown`. (Both folders always exist, so the choice depends on the environment
/// alone, which SwiftPM's manifest cache keys on, and never on whether a file exists.)
let stamped = Context.environment["LLMBENCH_BUILD_STAMP"] == "1"
let stampExclude = [stamped ? "Build/Unstamped" : "Build/Stamp"]

/// One set of compiler settings shared by every Swift target (as Hummingbird does).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "llmbench",
    products: [
        .executable(name: "llmbench", targets: ["llmbench"]),
    ],
    dependencies: [],
    targets: [
        // System libraries, each a module map and a shim header.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Only the end-to-end tests link it (PNG decoding of the render test).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // Shared value types: prompts, model specs, request records, errors, clocks.
        .target(name: "LLMBenchCore", swiftSettings: swiftSettings),
        // dataset -> workload
        .target(name: "Datasets", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        // exact o200k_base / cl100k_base tokenizers over the shipped ranks files (pure; reads one file once)
        .target(name: "Tokenizer", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        // wire formats, SSE parser, libcurl multi transport (the client)
        .target(name: "Providers", dependencies: ["LLMBenchCore", "CCurl"], swiftSettings: swiftSettings),
        // token buckets, arrival profiles, the runner, the spending guard of --max-cost
        .target(name: "Scheduler", dependencies: ["LLMBenchCore", "Datasets", "Providers", "Pricing"], swiftSettings: swiftSettings),
        // SQLite: the connection owner, migrations, batched writes, queries
        .target(name: "Store", dependencies: ["LLMBenchCore", "CSQLite"], swiftSettings: swiftSettings),
        // answer quality: ROUGE, BLEU, chrF, SQuAD EM/F1 (pure)
        .target(name: "Quality", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        // price catalog and exact cost arithmetic (pure)
        .target(name: "Pricing", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        // percentiles, metrics, comparisons (pure; reads values, never the network)
        .target(name: "Analysis", dependencies: ["LLMBenchCore", "Quality", "Pricing"], swiftSettings: swiftSettings),
        // the SVG chart layer and the self-contained HTML page (pure; knows nothing of runs)
        .target(name: "Charts", swiftSettings: swiftSettings),
        // one file per output format
        .target(name: "Report", dependencies: ["LLMBenchCore", "Analysis", "Charts"], swiftSettings: swiftSettings),
        // the loopback HTTP server that imitates the providers
        .target(name: "Simulator", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        // the command-line tool
        .executableTarget(
            name: "llmbench",
            dependencies: ["LLMBenchCore", "Datasets", "Providers", "Scheduler", "Store", "Tokenizer",
                           "Quality", "Pricing", "Analysis", "Report", "Simulator"],
            exclude: stampExclude,
            swiftSettings: swiftSettings
        ),
        // Measurements of llmbench itself (not tests): `swift run -c release llmbench-bench`.
        .executableTarget(
            name: "llmbench-bench",
            dependencies: ["LLMBenchCore", "Datasets", "Providers", "Scheduler", "Store", "Simulator", "Analysis", "Tokenizer", "Quality", "Charts"],
            path: "Benchmarks/llmbench-bench",
            swiftSettings: swiftSettings
        ),

        // Seeded fuzzing of the parsers of untrusted bytes, run as a child process by the end-to-end
        // tests (a trap ends it, not the test run): `llmbench-fuzz --seed S --cases N`.
        .executableTarget(
            name: "llmbench-fuzz",
            dependencies: ["LLMBenchCore", "Providers"],
            path: "Fuzz/llmbench-fuzz",
            swiftSettings: swiftSettings
        ),

        // Fixtures shared by several test targets (only tests import it).
        .target(name: "TestFixtures", dependencies: ["LLMBenchCore", "Analysis"], path: "Tests/TestFixtures",
                swiftSettings: swiftSettings),

        .testTarget(name: "CoreTests", dependencies: ["LLMBenchCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"], swiftSettings: swiftSettings),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer"], exclude: ["Fixtures"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Simulator"], swiftSettings: swiftSettings),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Simulator", "Pricing"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: swiftSettings),
        .testTarget(name: "QualityTests", dependencies: ["Quality"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "PricingTests", dependencies: ["Pricing"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestFixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestFixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportTests", dependencies: ["Report", "TestFixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator"], swiftSettings: swiftSettings),
        // Runs the built `llmbench` binary end to end against its simulator.
        .testTarget(name: "EndToEndTests", dependencies: ["LLMBenchCore", "Store", "Simulator", "CZlib", "TestFixtures"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
