import Analysis
import Foundation
import LLMBenchCore
import Report

/// `llmbench trend`: each model's metrics over many runs, judged against a rolling median band.
struct TrendCommand: Command {
    static let name = "trend"
    static let abstract = "Follow metrics over many runs (nightly): per model, each run against the rolling median band of the runs before it, and by hour of day."
    static let options = Options()

    struct Options: OptionGroup {
        let database = DatabasesOptions("SQLite database file to read runs from; runs of several files are put in one time order.")
        let label = Opt.string("label", "PATTERN", "Only runs whose label matches PATTERN, in compare's baseline syntax: * any characters, ? one ('nightly-*'); 'nightly-*'~14d (~36h) for the runs started in the last 14 days (36 hours), ~K for the newest K. Default: every run.")
        let metrics = Opt.list("metrics", "LIST", default: TrendMetrics.defaultNames,
                               "Metrics to follow, comma-separated reported names of `llmbench metrics` (e.g. ttft_ms_p95,e2e_ms_p95,cost_usd_per_request_mean).")
        let dataset = Opt.string("dataset", "NAME", "Follow each model's figures on this dataset. Default: each model's totals over every dataset.")
        let window = Opt.int("window", "K", default: TrendBandRule.defaultWindow, in: 3...1000,
                             "The band is made of the previous K runs of each model and metric.")
        let bandWidth = Opt.double("band-width", "C", default: TrendBandRule.defaultSpreadMultiplier, min: 0, exclusiveMin: true, max: 100,
                                   "Half-width of the band in robust standard deviations (1.4826 × MAD).")
        let format = FormatOptions(default: TrendFormat.markdown)
        let out = OutputOptions()
    }

    static let discussion = """
    For each model and metric, the value of each run (the one `llmbench report` shows for that run,
    priced with the prices stored with it) in start order. A run is judged against the band of the
    up to K runs before it: median m ± max(C × 1.4826 × MAD, 10% of |m|), MAD the median absolute
    deviation from m; a run with fewer than 3 runs before it is not judged. Values strictly outside
    are flagged, above or below (worse or better by the metric's direction). Runs a baseline points
    or pointed at are marked. By hour of day: per model and metric, the runs that started in each
    UTC hour and their median. html is one self-contained page: per metric a time series (the band
    shaded, flagged runs ringed, baseline runs marked) and the hour-of-day chart, each with its table.
    Simulated runs say so. A run still running is left out. Flags do
    not change the exit code (use compare --gate to fail a job).

    EXAMPLES:
      llmbench trend --db nightly.sqlite --label 'nightly-*' --format markdown >> "$GITHUB_STEP_SUMMARY"
      llmbench trend --db nightly.sqlite --label 'nightly-*' --metrics ttft_ms_p95,e2e_ms_p95,cost_usd_per_request_mean --format html --out trend.html
      llmbench trend --db nightly.sqlite --label 'nightly-*'~30d --metrics ttft_ms_p95,e2e_ms_p95,cost_usd_per_request_mean --format csv --out trend.csv
      llmbench trend --db eu.sqlite --db us.sqlite --format json --out trend.json
    """

    let loader: TrendLoader
    let rule: TrendBandRule
    let format: TrendFormat
    let out: String?

    init(_ args: Arguments) throws {
        guard args.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench trend: unexpected argument '\(args.positionals[0])' (databases are given with --db)")
        }
        let o = Self.options
        let names = try args.value(o.metrics) ?? TrendMetrics.defaultNames
        let label = try args.value(o.label)
        if let l = label, l.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LLMBenchError.usage("--\(o.label.spec.name): empty pattern (e.g. 'nightly-*')")
        }
        loader = TrendLoader(databases: try args.value(o.database.db), label: label,
                             metrics: try TrendMetrics.definitions(names, flag: "--\(o.metrics.spec.name)"),
                             dataset: try args.value(o.dataset), now: Date())
        rule = TrendBandRule(window: try args.value(o.window), spreadMultiplier: try args.value(o.bandWidth))
        format = try args.value(o.format.format)
        out = try args.value(o.out.out)
    }

    func run() throws -> ExitCode {
        let (runs, notes) = try loader.runs()
        var trend = TrendAnalysis(runs: runs, metrics: loader.metrics, dataset: loader.dataset, rule: rule)
        trend.notes = notes + trend.notes
        let selection = TrendSelection(label: loader.label, databases: loader.databases)
        try Console.emit(format.render(trend, selection: selection), to: out)
        if out != nil || format != .markdown {
            let flags = trend.latestFlags
            Console.note("trend: \(trend.runs.count) run(s); latest run " + (flags.isEmpty ? "within every band"
                : "flagged: " + flags.map { "\($0.series.model) \($0.series.metric.name) \($0.point.flag!.rawValue)" }.joined(separator: ", ")))
        }
        return .ok
    }
}
