import Foundation
import Report
import LLMBenchCore
import Store

/// `llmbench report`: render a stored run again, from the database file alone.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Render a stored run as Markdown, CSV, JSON or JUnit (reads only the database)."
    static let options: [OptionSpec] = [
        .value("db", "PATH", "SQLite database (default llmbench.sqlite)."),
        .value("run", "REF", "latest (default), a run id or 8+ character prefix, a label, or a baseline name."),
        .value("format", "FMT", "markdown (default), csv, json, junit (one 'requests succeed' case per model, failing with its top errors) or summary (the block run prints on a terminal)."),
        .value("out", "FILE", "Write to FILE instead of stdout."),
        .value("prices", "FILE", "Re-price the run with the catalog plus these overrides (our format or LiteLLM's)."),
        .value("data-dir", "DIR", "Where datasets/pricing.json lives (for --prices)."),
        .value("view", "NAME", "detail (default): every metric per dataset; article: the side-by-side comparison table."),
        .value("quality-margin", "POINTS", "article view: 'best for' picks the cheapest model within this many points of the best (default 2; ROUGE uses POINTS/100)."),
        .flag("include-retired", "article view: let 'best for' pick models the catalog marks retired or deprecated (default: current models only)."),
        .flag("price-estimates", "Also price requests whose token counts are local estimates."),
        .flag("batch-pricing", "Price at each provider's batch discount (the catalog's batch_discount)."),
    ]
    static let discussion = """
    EXAMPLES:
      llmbench report
      llmbench report --format csv --out reports/latest.csv
      llmbench report --db nightly.sqlite --run nightly-2026-11-24 --format json
      llmbench report --prices my-negotiated-prices.json
      llmbench report --view article                 # cost, speed, quality side by side, best-for, Pareto
      llmbench report --format summary               # one row per model; failing models' top errors and hints
    """

    var db: String
    var runRef: String
    var format: String
    var out: String?
    var prices: String?
    var dataDir: String?
    var priceEstimates: Bool
    var batch: Bool
    var article: Bool
    var qualityMargin: Double
    var includeRetired: Bool

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench report takes no positional arguments; see --help") }
        db = a.string("db") ?? "llmbench.sqlite"
        runRef = a.string("run") ?? "latest"
        format = a.string("format") ?? "markdown"
        guard ["markdown", "csv", "json", "junit", "summary"].contains(format) else {
            throw LLMBenchError.usage("--format: unknown format '\(format)' (valid: markdown, csv, json, junit, summary)")
        }
        out = a.string("out")
        prices = a.string("prices")
        dataDir = a.string("data-dir")
        priceEstimates = a.has("price-estimates")
        batch = a.has("batch-pricing")
        switch a.string("view") ?? "detail" {
        case "detail": article = false
        case "article": article = true
        case let v: throw LLMBenchError.usage("--view: unknown view '\(v)' (valid: detail, article)")
        }
        qualityMargin = try a.double("quality-margin", min: 0) ?? 2
        includeRetired = a.has("include-retired")
    }

    func run() throws -> ExitCode {
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        var builder = ReportBuilder(db: database, priceEstimates: priceEstimates, batch: batch)
        if let p = prices {
            builder.reprice = try PriceSetup.load(dataDir: dataDir, overrides: p,
                                                  environment: ProcessInfo.processInfo.environment).catalog
        }
        let text: String
        if article {
            text = try ArticleTable.render(try builder.analysis(runRef: runRef), format: try ReportFormat.parse(format),
                                           qualityMargin: qualityMargin, includeRetired: includeRetired)
        } else if format == "summary" {
            text = RunSummary.render(try builder.analysis(runRef: runRef), reportPath: nil, again: nil)
        } else {
            text = try builder.render(runRef: runRef, format: format)
        }
        try Console.emit(text, to: out)
        return .ok
    }
}
