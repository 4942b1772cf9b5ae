import Foundation
import Report
import LLMBenchCore
import Store

/// `llmbench report`: render a stored run again, from the database file alone.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Render a stored run as Markdown, CSV, JSON, JUnit or a summary block (reads only the database)."
    static let options = Options()

    struct Options: OptionGroup {
        let database = DatabaseOptions()
        let run = RunReferenceOptions()
        let format = FormatOptions(default: Format.markdown,
                                   "Output format: junit has one 'requests succeed' case per model, failing with its top errors; summary is the block run prints on a terminal.")
        let out = OutputOptions()
        let prices = PricesOptions()
        let dataDir = DataDirectoryOptions()
        let view = Opt.choice("view", default: View.detail, "detail: every metric per dataset; article: the side-by-side comparison table.")
        let qualityMargin = Opt.double("quality-margin", "POINTS", default: 2, min: 0,
                                       "article view: 'best for' picks the cheapest model within this many points of the best (ROUGE uses POINTS/100).")
        let includeRetired = Opt.flag("include-retired", "article view: let 'best for' pick models the catalog marks retired or deprecated. Default: current models only.")
        let priceEstimates = Opt.flag("price-estimates", "Also price requests whose token counts are local estimates.")
        let batchPricing = Opt.flag("batch-pricing", "Price at each provider's batch discount (the catalog's batch_discount).")
    }

    /// `--format`: a report format, or the summary block of `run`.
    enum Format: String, OptionEnum {
        case markdown, csv, json, junit, summary
        /// nil for `summary` (`RunSummary`, not a `ReportFormat`).
        var report: ReportFormat? { ReportFormat(rawValue: rawValue) }
    }

    /// `--view`: which report.
    enum View: String, OptionEnum { case detail, article }

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
    var format: Format
    var out: String?
    var prices: String?
    var dataDir: String?
    var priceEstimates: Bool
    var batch: Bool
    var view: View
    var qualityMargin: Double
    var includeRetired: Bool

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench report takes no positional arguments; see --help") }
        let o = Self.options
        db = try a.value(o.database.db)
        runRef = try a.value(o.run.run)
        format = try a.value(o.format.format)
        out = try a.value(o.out.out)
        prices = try a.value(o.prices.prices)
        dataDir = try a.value(o.dataDir.dataDir)
        priceEstimates = a.has(o.priceEstimates)
        batch = a.has(o.batchPricing)
        view = try a.value(o.view)
        qualityMargin = try a.value(o.qualityMargin)
        includeRetired = a.has(o.includeRetired)
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
        guard let report = format.report else {
            guard view == .detail else { throw LLMBenchError.usage("--format summary has no article view (use markdown, csv or json)") }
            try Console.emit(RunSummary.render(try builder.analysis(runRef: runRef), reportPath: nil, again: nil), to: out)
            return .ok
        }
        if view == .article {
            text = try ArticleTable.render(try builder.analysis(runRef: runRef), format: report,
                                           qualityMargin: qualityMargin, includeRetired: includeRetired)
        } else {
            text = try builder.render(runRef: runRef, format: report)
        }
        try Console.emit(text, to: out)
        return .ok
    }
}
