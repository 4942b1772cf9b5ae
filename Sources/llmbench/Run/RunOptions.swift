import Analysis
import Foundation
import LLMBenchCore
import Scheduler

/// The validated options of `llmbench run` (usage errors, exit 64, are raised here, before anything runs).
struct RunOptions: Sendable {
    var configPath: String?
    var modelFilter: [String]?
    var datasets: [String]
    var dataDir: String?
    var synthetic: String?
    var requests: Int
    var warmup: Int
    var profile: LoadProfile
    var concurrency: Int
    var rate: Double?
    var burst: Double
    var rpm: Double?
    var tpm: Double?
    var durationNs: Int64
    var retries: Int
    /// `--stop-after-failures`: nil for the default (`FailureStop.default`), 0 for never.
    var stopAfterFailures: Int?
    var timeouts: (connect: Int64?, firstByte: Int64?, idle: Int64?, total: Int64?)
    /// `--max-response-text`: stored answer text per request, bytes (nil: `ResponseLimits.maxStoredTextBytes`).
    var maxResponseTextBytes: Int?
    var seed: UInt64
    var dbPath: String
    var label: String?
    var timeScale: Double
    var faults: String?
    var format: String
    var shuffle: Bool
    var quiet: Bool
    var pricesPath: String?
    var maxCostUSD: Double?
    var dryRun: Bool
    var failOn: String?
    var slo: String?
    /// Set by a `--sweep reasoning_effort=…` segment: every model the config asks to reason runs at
    /// this effort through the default table (`ModelSpec.withReasoningEffort`).
    var reasoningEffort: ReasoningEffort?
    /// `--replay-assistant` and `--think-time` (conversation datasets).
    var replayAssistant: Bool
    var thinkTimeNs: Int64?

    static let defaultDatasets = ["summarization", "qa", "translation"]
    /// What `run --format` accepts. Without `--format`: `summary` when stdout is a terminal, else
    /// `markdown` (so `llmbench run > report.md`, pipes and CI get the full report as before).
    static let formats = ["summary", "markdown", "csv", "json", "junit", "none"]
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The `FailureStop` of `--stop-after-failures` (the default when not given).
    var failureStop: FailureStop { stopAfterFailures.map(FailureStop.explicit) ?? .default }

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench run takes no positional arguments (got '\(a.positionals[0])'); see --help")
        }
        configPath = a.string("config")
        modelFilter = a.list("models")
        datasets = a.list("datasets") ?? Self.defaultDatasets
        if datasets.isEmpty { throw LLMBenchError.usage("--datasets: give at least one dataset name or path") }
        dataDir = a.string("data-dir")
        synthetic = a.string("synthetic")
        if synthetic != nil && a.string("datasets") != nil {
            throw LLMBenchError.usage("--synthetic and --datasets exclude each other")
        }
        requests = try a.int("requests", min: 1, max: 10_000_000) ?? 20
        warmup = try a.int("warmup", min: 0, max: 1_000_000) ?? 0
        concurrency = try a.int("concurrency", min: 1, max: 4096) ?? 8
        rate = try a.double("rate", min: 1e-6, max: 1e6)
        burst = try a.double("burst", min: 1, max: 1e6) ?? 1
        rpm = try a.double("rpm", min: 0, exclusiveMin: true, max: ModelLimits.maxPerMinute)
        tpm = try a.double("tpm", min: 0, exclusiveMin: true, max: ModelLimits.maxPerMinute)
        switch a.string("profile") ?? "concurrent" {
        case "concurrent": profile = .concurrent
        case "constant", "poisson":
            guard let r = rate else {
                throw LLMBenchError.usage("--profile \(a.string("profile")!) needs --rate (requests per second per model)")
            }
            profile = a.string("profile") == "constant" ? .constant(ratePerSecond: r) : .poisson(ratePerSecond: r)
        case let other:
            throw LLMBenchError.usage("--profile: unknown profile '\(other)' (valid: concurrent, constant, poisson)")
        }
        durationNs = try a.duration("duration") ?? 600_000_000_000
        if durationNs <= 0 { throw LLMBenchError.usage("--duration must be more than 0") }
        retries = try a.int("retries", min: 0, max: 20) ?? 0
        stopAfterFailures = try a.int("stop-after-failures", min: 0, max: 10_000_000)
        timeouts = (try a.duration("connect-timeout"), try a.duration("first-byte-timeout"),
                    try a.duration("idle-timeout"), try a.duration("timeout"))
        maxResponseTextBytes = try a.int("max-response-text", min: 1024, max: 64 << 20)
        if let s = a.string("seed") {
            guard let v = UInt64(s) else { throw LLMBenchError.usage("--seed: '\(s)' is not valid (expected a whole number ≥ 0)") }
            seed = v
        } else { seed = 0 }
        dbPath = a.string("db") ?? "llmbench.sqlite"
        label = a.string("label")
        timeScale = try a.double("time-scale", min: 0, max: 1_000) ?? 1
        faults = a.string("faults")
        format = a.string("format") ?? (Self.stdoutIsTerminal ? "summary" : "markdown")
        guard Self.formats.contains(format) else {
            throw LLMBenchError.usage("--format: unknown format '\(format)' (valid: \(Self.formats.joined(separator: ", ")))")
        }
        shuffle = a.has("shuffle")
        replayAssistant = a.has("replay-assistant")
        thinkTimeNs = try a.duration("think-time")
        if let t = thinkTimeNs, t > 86_400_000_000_000 { throw LLMBenchError.usage("--think-time: at most 24h") }
        quiet = a.has("quiet")
        pricesPath = a.string("prices")
        maxCostUSD = try a.double("max-cost", min: 0, exclusiveMin: true, max: 1e6)
        dryRun = a.has("dry-run")
        failOn = a.string("fail-on")
        if let f = failOn { _ = try FailOn.parse(f, known: Self.knownMetricNames) }
        slo = a.string("slo")
        if let v = slo { _ = try SLOSet.parse(v) }
    }

    /// Every metric name a run's report can carry: the registry's.
    static var knownMetricNames: [String] { MetricRegistry.names }

    /// The settings saved with the run: one typed, versioned value (no secrets: header values are
    /// not stored, see `RunSettings.ModelSettings.init(_:)`).
    func settings(models: [ModelSpec]) -> RunSettings {
        var s = RunSettings(models: models.map(RunSettings.ModelSettings.init))
        s.requestsPerDataset = requests; s.warmup = warmup; s.profile = profile.name
        s.concurrency = concurrency; s.burst = burst; s.durationNs = durationNs; s.retries = retries
        s.seed = seed; s.shuffle = shuffle
        s.stopAfterFailures = stopAfterFailures
        s.config = configPath
        s.ratePerS = rate; s.rpm = rpm; s.tpm = tpm
        if let syn = synthetic { s.synthetic = syn } else { s.datasets = datasets }
        if timeScale != 1 { s.simulatorTimeScale = timeScale }
        s.simulatorFaults = faults
        s.maxCostUSD = maxCostUSD
        s.prices = pricesPath
        s.failOn = failOn
        s.slo = slo
        let t = RunSettings.Timeouts(connectNs: timeouts.connect, firstByteNs: timeouts.firstByte, idleNs: timeouts.idle,
                                     totalNs: timeouts.total)
        if !t.isEmpty { s.timeouts = t }
        s.maxResponseTextBytes = maxResponseTextBytes
        if replayAssistant { s.replayAssistant = true }
        s.thinkTimeNs = thinkTimeNs
        return s
    }
}
