import Analysis
import Foundation
import LLMBenchCore
import Pricing
import Report
import Store

/// `llmbench price`: what a measured run says a traffic volume will cost per month on each model,
/// and the rates and concurrency it needs against each model's configured limits; with `--catalog`,
/// the run's token profile projected onto every model of the price catalog.
struct PriceCommand: Command {
    static let name = "price"
    static let abstract = "Project a measured run to a monthly volume: cost with a 95% interval, rates, concurrency."
    static let usage = "--volume N [--per day|month] [options]"
    static let options = Options()

    struct Options: OptionGroup {
        let volume = Opt.custom("volume", "N", expected: "a whole number ≥ 1: 2000000, 2,000,000, 2e6 or 2M",
                                "Requests per --per period (required): 2000000, 2,000,000, 2e6, 2M, 250k.") { text in
            HumanNumbers.count(text).flatMap { $0 >= 1 ? $0 : nil }
        }
        let per = Opt.choice("per", "PERIOD", default: Volume.Period.month, "The period of --volume (a month is 30 days).")
        let dataset = Opt.string("dataset", "NAME", "Project from this dataset's requests. Default: every dataset, the model totals.")
        let database = DatabaseOptions()
        let run = RunReferenceOptions()
        let prices = PricesOptions()
        let dataDir = DataDirectoryOptions()
        let format = FormatOptions(default: ReportFormat.markdown, among: [.markdown, .csv, .json, .html],
                                   "Output format (html: with --catalog, one self-contained page with a bar chart).")
        let out = OutputOptions()
        let seed = Opt.uint64("seed", default: 1, "Seed of the bootstrap interval.")
        let priceEstimates = Opt.flag("price-estimates", "Also price requests whose token counts are local estimates.")
        let catalog = Opt.flag("catalog", "Project the run's measured token profile onto every model of the price catalog "
                               + "(measured ones marked), cheapest first, with batch and uncached variants.")
        let includeRetired = Opt.flag("include-retired", "--catalog: also list models the catalog marks retired.")
        let cacheHitRatio = Opt.double("cache-hit-ratio", "R", min: 0, max: 1,
                                       "--catalog: add a what-if column with this share (0-1) of every prompt read from cache.")
    }

    static let discussion = """
    EXAMPLES:
      llmbench price --volume 2000000 --per month --dataset summarization
      llmbench price --volume 50000 --per day --prices my-negotiated-prices.json --format csv
      llmbench price --volume 2000000 --per month --dataset summarization --catalog
      llmbench price --volume 2000000 --per month --dataset summarization --catalog --format html --out pricing.html
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
    var catalog: Bool
    var includeRetired: Bool
    var cacheHitRatio: Double?

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench price takes no positional arguments; see --help") }
        let o = Self.options
        guard let n = try a.value(o.volume) else {
            throw LLMBenchError.usage("llmbench price: --\(o.volume.spec.name) N is required (requests per --\(o.per.spec.name) day|month)")
        }
        let per = try a.value(o.per)
        let (perMonth, overflow) = n.multipliedReportingOverflow(by: per == .day ? 30 : 1)
        guard !overflow, perMonth <= Int(Int32.max) * 1000 else {
            throw LLMBenchError.usage("--\(o.volume.spec.name): \(n) per \(per.rawValue) is too large")
        }
        volume = Volume(requests: n, per: per)
        dataset = try a.value(o.dataset)
        db = try a.value(o.database.db)
        runRef = try a.value(o.run.run)
        prices = try a.value(o.prices.prices)
        dataDir = try a.value(o.dataDir.dataDir)
        format = try a.value(o.format.format)
        out = try a.value(o.out.out)
        seed = try a.value(o.seed)
        priceEstimates = a.has(o.priceEstimates)
        catalog = a.has(o.catalog)
        includeRetired = a.has(o.includeRetired)
        cacheHitRatio = try a.value(o.cacheHitRatio)
        if !catalog, includeRetired || cacheHitRatio != nil {
            throw LLMBenchError.usage("--\(includeRetired ? o.includeRetired.spec.name : o.cacheHitRatio.spec.name) applies only with --\(o.catalog.spec.name)")
        }
    }

    func run() throws -> ExitCode {
        guard FileManager.default.fileExists(atPath: db) else { throw LLMBenchError.noInput("--db \(db): no such file") }
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun(runRef)
        if catalog { return try runCatalog(database: database, run: run) }
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

    /// `--catalog`: the run's priced attempts as a token profile, priced on every catalog entry
    /// (the shipped catalog with `--prices` laid over it, judged on today's date).
    private func runCatalog(database: Database, run: RunInfo) throws -> ExitCode {
        let catalog = try PriceSetup.load(dataDir: dataDir, overrides: prices, environment: ProcessInfo.processInfo.environment).catalog
        let loader = RunAnalysisLoader(db: database, priceEstimates: priceEstimates)
        let projection = try CatalogProjection(
            runId: run.id, simulated: run.simulated, profile: try loader.tokenProfile(run: run),
            settings: RunModelSettings.parse(settingsJSON: run.settingsJSON), catalog: catalog, dataset: dataset,
            volume: volume, today: loader.today, includeRetired: includeRetired, whatIfHitRatio: cacheHitRatio)
        for w in projection.warnings { Console.warn(w) }
        try Console.emit(try CatalogPriceReport.render(projection, format: format), to: out)
        return .ok
    }
}

extension Volume.Period: OptionEnum {}
