import Foundation
import Report
import LLMBenchCore
import Store

/// `llmbench report`: render a stored run again, from the database file alone.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Render a stored run as Markdown, CSV, JSON, JUnit, an HTML page with charts or a summary block (reads only the database)."
    static let options = Options()

    struct Options: OptionGroup {
        let database = DatabaseOptions()
        let run = RunReferenceOptions()
        let format = FormatOptions(default: Format.markdown,
                                   "Output format: junit has one 'requests succeed' case per model, failing with its top errors; html is one self-contained page with charts (a sweep's label adds its capacity curves); summary is the block run prints on a terminal.")
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
        case markdown, csv, json, junit, html, summary
        /// nil for `summary` (`RunSummary`, not a `ReportFormat`).
        var report: ReportFormat? { ReportFormat(rawValue: rawValue) }
    }

    /// `--view`: which report.
    enum View: String, OptionEnum { case detail, article }

    static let discussion = """
    EXAMPLES:
      llmbench report
      llmbench report --format csv --out reports/latest.csv
      llmbench report --format html --out reports/latest.html   # one self-contained page with charts
      llmbench report --run capacity --format html --out capacity.html   # a sweep: adds latency against throughput
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
        if report == .html {
            try Console.emit(try html(builder, database), to: out)
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

    /// The HTML page: the run `--run` names (for a sweep's label, its last segment) and, for a sweep,
    /// every segment's analysis for the capacity curves.
    func html(_ builder: ReportBuilder, _ db: Database) throws -> String {
        let segments = try SweepSegments.find(runRef, in: db)
        let loader = RunAnalysisLoader(db: db, reprice: builder.reprice, priceEstimates: priceEstimates, batch: batch)
        let sweep = try segments.map { r in
            HTMLReport.Segment(label: r.label.flatMap { SweepSegments.split($0)?.segment } ?? r.id, analysis: try loader.load(run: r))
        }
        let named = (try? db.resolveRun(runRef)) ?? segments.last
        guard let run = named else { _ = try db.resolveRun(runRef); throw LLMBenchError.usage("--run \(runRef): no such run") }
        let analysis = try sweep.first(where: { $0.analysis.run.id == run.id })?.analysis ?? loader.load(run: run)
        return HTMLReport.render(analysis, sweep: sweep, qualityMargin: qualityMargin, includeRetired: includeRetired,
                                 footer: "Written by llmbench \(BuildInfo.version) (commit \(BuildInfo.commit)) from \(URL(fileURLWithPath: db.path).lastPathComponent).")
    }
}
