import Analysis
import Datasets
import Foundation
import LLMBenchCore
import Report
import Scheduler

/// The validated options of `llmbench run` (usage errors, exit 64, are raised here, before anything runs).
struct RunOptions: Sendable {
    var configPath: String?
    var modelFilter: [String]?
    var datasets: [String]
    /// `--fields` and `--template` as given, and what they declare for every dataset file.
    var fieldsText: String?
    var templatePath: String?
    var declaration = DatasetDeclaration()
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
    /// `--shard I/N` (nil: the whole run) and `--run-group`.
    var shard: Shard?
    var runGroup: String?
    var dbPath: String
    var label: String?
    var timeScale: Double
    var faults: String?
    var format: RunOutputFormat
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
    /// Without `--format`: `summary` when stdout is a terminal, else `markdown` (so
    /// `llmbench run > report.md`, pipes and CI get the full report as before).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The `FailureStop` of `--stop-after-failures` (the default when not given).
    var failureStop: FailureStop { stopAfterFailures.map(FailureStop.explicit) ?? .default }

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench run takes no positional arguments (got '\(a.positionals[0])'); see --help")
        }
        let o = RunCommand.options
        configPath = try a.value(o.config)
        modelFilter = try a.value(o.models)
        datasets = try a.value(o.datasets) ?? Self.defaultDatasets
        if datasets.isEmpty { throw LLMBenchError.usage("--\(o.datasets.spec.name): give at least one dataset name or path") }
        dataDir = try a.value(o.dataDir.dataDir)
        fieldsText = try a.value(o.fields)
        templatePath = try a.value(o.template)
        if fieldsText != nil || templatePath != nil {
            guard datasets.contains(where: DatasetLoader.isPath) else {
                throw LLMBenchError.usage("--\(o.fields.spec.name) and --\(o.template.spec.name) apply to your own dataset files; give one with --\(o.datasets.spec.name) PATH")
            }
        }
        if let f = fieldsText { declaration.fields = try DatasetDeclaration.parseFields(f, option: "--\(o.fields.spec.name)") }
        synthetic = try a.value(o.synthetic)
        if synthetic != nil && a.given(o.datasets) {
            throw LLMBenchError.usage("--\(o.synthetic.spec.name) and --\(o.datasets.spec.name) exclude each other")
        }
        requests = try a.value(o.requests)
        warmup = try a.value(o.warmup)
        concurrency = try a.value(o.concurrency)
        rate = try a.value(o.rate)
        burst = try a.value(o.burst)
        rpm = try a.value(o.rpm)
        tpm = try a.value(o.tpm)
        switch try a.value(o.profile) {
        case .concurrent: profile = .concurrent
        case let p:
            guard let r = rate else {
                throw LLMBenchError.usage("--\(o.profile.spec.name) \(p.rawValue) needs --\(o.rate.spec.name) (requests per second per model)")
            }
            profile = p == .constant ? .constant(ratePerSecond: r) : .poisson(ratePerSecond: r)
        }
        durationNs = try a.value(o.duration)
        retries = try a.value(o.retries)
        stopAfterFailures = try a.value(o.stopAfterFailures)
        timeouts = (try a.value(o.connectTimeout), try a.value(o.firstByteTimeout),
                    try a.value(o.idleTimeout), try a.value(o.timeout))
        maxResponseTextBytes = try a.value(o.maxResponseText)
        seed = try a.value(o.seed)
        shard = try a.value(o.shard).map(Shard.parse)
        runGroup = try a.value(o.runGroup)
        if let g = runGroup, g.isEmpty || g.count > 200 || g.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw LLMBenchError.usage("--\(o.runGroup.spec.name) \"\(g)\": give 1 to 200 printable characters")
        }
        if let s = shard, !s.isWhole, runGroup == nil {
            throw LLMBenchError.usage("--\(o.shard.spec.name) \(s) needs --\(o.runGroup.spec.name) ID, the same for every shard of the run (e.g. --run-group nightly-$(date +%F)), so `merge` can put them together")
        }
        dbPath = try a.value(o.database.db)
        label = try a.value(o.label)
        timeScale = try a.value(o.timeScale)
        faults = try a.value(o.faults)
        format = a.given(o.format.format) ? try a.value(o.format.format) : (Self.stdoutIsTerminal ? .summary : .markdown)
        shuffle = a.has(o.shuffle)
        replayAssistant = a.has(o.replayAssistant)
        thinkTimeNs = try a.value(o.thinkTime)
        if let t = thinkTimeNs, t > 86_400_000_000_000 { throw LLMBenchError.usage("--\(o.thinkTime.spec.name): at most 24h") }
        quiet = a.has(o.quiet)
        pricesPath = try a.value(o.prices.prices)
        maxCostUSD = try a.value(o.maxCost)
        dryRun = a.has(o.dryRun)
        failOn = try a.value(o.failOn)
        if let f = failOn { _ = try FailOn.parse(f, known: Self.knownMetricNames) }
        slo = try a.value(o.slo)
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
        if let syn = synthetic { s.synthetic = syn } else { s.datasets = datasets; s.fields = fieldsText; s.template = templatePath }
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

/// `run --format`: a report format, or `none` for no report.
enum RunOutputFormat: String, OptionEnum {
    /// `summary`: the compact block (`RunSummary`), the full Markdown report written to a file;
    /// `junit`: one "requests succeed" case per model plus the `--fail-on` verdicts (`RunJUnit`).
    case summary, markdown, csv, json, junit, none

    /// The report format to print, nil for `none`.
    var report: ReportFormat? { ReportFormat(rawValue: rawValue) }
}
