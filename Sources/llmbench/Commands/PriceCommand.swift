import Analysis
import Foundation
import LLMBenchCore
import Pricing
import Report
import Store

/// `llmbench price`: what a measured run says a traffic volume will cost per month on each model,
/// and the rates and concurrency it needs against each model's configured limits.
struct PriceCommand: Command {
    static let name = "price"
    static let abstract = "Project a measured run to a monthly volume: cost with a 95% interval, rates, concurrency."
    static let usage = "--volume N [--per day|month] [options]"
    static let options: [OptionSpec] = [
        .value("volume", "N", "Requests per --per period (required, a whole number ≥ 1: 2000000, 2,000,000, 2e6, 2M, 250k)."),
        .value("per", "PERIOD", "day or month (default month; a month is 30 days)."),
        .value("dataset", "NAME", "Project from this dataset's requests (default: every dataset, the model totals)."),
        .value("db", "PATH", "SQLite database (default llmbench.sqlite)."),
        .value("run", "REF", "latest (default), a run id or prefix, a label, or a baseline name."),
        .value("prices", "FILE", "Re-price the run with the catalog plus these overrides (our format or LiteLLM's)."),
        .value("data-dir", "DIR", "Where datasets/pricing.json lives."),
        .value("format", "FMT", "markdown (default), csv or json."),
        .value("out", "FILE", "Write to FILE instead of stdout."),
        .value("seed", "N", "Seed of the bootstrap interval (default 1)."),
        .flag("price-estimates", "Also price requests whose token counts are local estimates."),
    ]
    static let discussion = """
    EXAMPLES:
      llmbench price --volume 2000000 --per month --dataset summarization
      llmbench price --volume 50000 --per day --prices my-negotiated-prices.json --format csv
    """

    var volume: Volume
    var dataset: String?
    var db: String
    var runRef: String
    var prices: String?
    var dataDir: String?
    var format: ReportFormat
    var out: String?
    var seed: UInt64
    var priceEstimates: Bool

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench price takes no positional arguments; see --help") }
        guard let volumeText = a.string("volume") else {
            throw LLMBenchError.usage("llmbench price: --volume N is required (requests per --per day|month)")
        }
        guard let n = HumanNumbers.count(volumeText), n >= 1 else {
            throw LLMBenchError.usage("--volume: '\(volumeText)' is not valid (expected a whole number ≥ 1: 2000000, 2,000,000, 2e6 or 2M)")
        }
        let perText = a.string("per") ?? "month"
        guard let per = Volume.Period(rawValue: perText.lowercased()) else {
            throw LLMBenchError.usage("--per: '\(perText)' is not valid (valid: day, month)")
        }
        let (perMonth, overflow) = n.multipliedReportingOverflow(by: per == .day ? 30 : 1)
        guard !overflow, perMonth <= Int(Int32.max) * 1000 else {
            throw LLMBenchError.usage("--volume: \(n) per \(per.rawValue) is too large")
        }
        volume = Volume(requests: n, per: per)
        dataset = a.string("dataset")
        db = a.string("db") ?? "llmbench.sqlite"
        runRef = a.string("run") ?? "latest"
        prices = a.string("prices")
        dataDir = a.string("data-dir")
        let f = try ReportFormat.parse(a.string("format") ?? "markdown")
        guard f != .junit else { throw LLMBenchError.usage("--format: junit has no price view (valid: markdown, csv, json)") }
        format = f
        out = a.string("out")
        seed = UInt64(try a.int("seed", min: 0) ?? 1)
        priceEstimates = a.has("price-estimates")
    }

    func run() throws -> ExitCode {
        guard FileManager.default.fileExists(atPath: db) else { throw LLMBenchError.noInput("--db \(db): no such file") }
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun(runRef)
        var loader = RunAnalysisLoader(db: database, priceEstimates: priceEstimates)
        if prices != nil {
            loader.reprice = try PriceSetup.load(dataDir: dataDir, overrides: prices,
                                                 environment: ProcessInfo.processInfo.environment).catalog
        }
        var entries = try loader.priceEntries(run: run)
        if entries.isEmpty && loader.reprice == nil {
            // A run stored before prices were recorded with it: price it with the current catalog.
            let catalog = try PriceSetup.load(dataDir: dataDir, overrides: nil, environment: ProcessInfo.processInfo.environment).catalog
            loader.reprice = catalog
            entries = try loader.priceEntries(run: run)
        }
        let analysis = try loader.load(run: run)
        let projection = try PriceProjection(analysis, dataset: dataset, volume: volume, entries: entries, seed: seed)
        for w in projection.warnings { Console.warn(w) }
        try Console.emit(try PriceReport.render(projection, format: format), to: out)
        return .ok
    }
}
