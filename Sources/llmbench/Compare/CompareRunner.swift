import Analysis
import LLMBenchCore
import Report
import Store

/// What `llmbench compare` does once its arguments are valid: load both runs, parse the gate
/// against the metrics they hold, compare, and say whether the gate passed.
struct CompareRunner {
    var baseline: RunReference
    var candidate: RunReference
    var gateText: String?
    var level: Double
    var resamples: Int
    var seed: UInt64
    var inconclusive: InconclusivePolicy = .warn
    /// `--allow-different`: compare runs that are not like with like (listing why) instead of exit 65.
    var allowDifferent = false

    /// The outcome; a bad gate throws a usage error (exit 64) listing the valid metric names.
    func outcome() throws -> CompareOutcome { try evaluate().outcome }

    /// The outcome with the analyses behind it: the newest baseline run's and the candidate's (for the HTML page).
    func evaluate() throws -> (outcome: CompareOutcome, baseline: RunAnalysis?, candidate: RunAnalysis?) {
        let pool = DatabasePool()
        defer { pool.closeAll() }
        let candidateDB = try pool.database(candidate.databasePath)
        let candidateRun = try ErrorMapping.mapping { try candidateDB.resolveRun(candidate.reference) }
        let baselineDB = try pool.database(baseline.databasePath)
        func firstNight() throws -> (outcome: CompareOutcome, baseline: RunAnalysis?, candidate: RunAnalysis?) {
            let analysis = try ErrorMapping.mapping { try RunAnalysisLoader(db: candidateDB).load(run: candidateRun) }
            _ = try gateText.map { try Gate.parse($0, known: Comparison.knownMetricNames([analysis])) }
            return (.noBaseline(reference: baseline.text, candidate: analysis.run), nil, analysis)
        }
        var baselineRuns: [RunInfo]
        do {
            baselineRuns = try baselineDB.resolveRuns(baseline.reference)
        } catch StoreError.runNotFound(_, let detail) {
            let name = baseline.baselineName
            guard baseline.couldBeUnsetBaseline, try ErrorMapping.mapping({ try baselineDB.baseline(name: name) }) == nil else {
                throw LLMBenchError(.noInput, "--baseline: no run matches \"\(baseline.text)\": \(detail)")
            }
            let others = try ErrorMapping.mapping { try baselineDB.baselines() }
            if !others.isEmpty {
                Console.warn("no baseline \"\(name)\" in \(baseline.databasePath), but these are set: "
                             + others.map(\.name).joined(separator: ", ") + "; check the name (treated as the first night: exit 0)")
            }
            return try firstNight()
        } catch {
            throw ErrorMapping.storeError(error) ?? error
        }
        // A label pattern or a mark can name the candidate itself: it is never its own baseline.
        if baseline.reference.contains("~"), baseline.databasePath == candidate.databasePath {
            baselineRuns.removeAll { $0.id == candidateRun.id }
            if baselineRuns.isEmpty {
                Console.warn("--baseline \(baseline.text) names no run but the candidate (treated as the first night: exit 0)")
                return try firstNight()
            }
        }
        // Every run prices each model with the newest catalog any of them used.
        func prices(_ db: Database, _ run: RunInfo) throws -> [StoredPrice] {
            try ErrorMapping.mapping { try db.runPrices(runId: run.id) }.map {
                StoredPrice(stamp: PriceStamp(model: $0.model, catalogSHA256: $0.catalogSHA256, catalogDate: $0.catalogDate),
                            entryJSON: $0.entryJSON)
            }
        }
        let baselinePrices = try baselineRuns.map { try prices(baselineDB, $0) }
        let candidatePrices = try prices(candidateDB, candidateRun)
        let repricing = Repricing.newestCatalog(runs: baselinePrices + [candidatePrices])
        func load(_ db: Database, _ run: RunInfo, _ overrides: [String: String]) throws -> RunAnalysis {
            var loader = RunAnalysisLoader(db: db)
            loader.priceOverrides = overrides
            return try ErrorMapping.mapping { try loader.load(run: run) }
        }
        let candidateAnalysis = try load(candidateDB, candidateRun, repricing.overrides.last ?? [:])
        let baselineAnalyses = try baselineRuns.enumerated().map { i, r in try load(baselineDB, r, repricing.overrides[i]) }
        let known = Comparison.knownMetricNames([candidateAnalysis] + baselineAnalyses)
        let rules = try gateText.map { try Gate.parse($0, known: known) } ?? []
        // Like with like: the candidate against every baseline run; each difference listed once.
        var differences: [RunDifference] = []
        for (i, run) in baselineRuns.enumerated() {
            for d in RunDifferences.find(baseline: run, candidate: candidateRun, baselinePrices: baselinePrices[i].map(\.stamp),
                                         candidatePrices: candidatePrices.map(\.stamp))
            where !differences.contains(d) { differences.append(d) }
        }
        let refused = differences.filter { $0.severity == .refuse }
        if !refused.isEmpty && !allowDifferent {
            throw LLMBenchError(.dataError, "compare: the runs are not like with like, so a change would measure the difference, "
                                + "not a regression:\n" + refused.map { "  - " + $0.text }.joined(separator: "\n")
                                + "\nrerun the candidate with the baseline's settings, or pass --allow-different to compare anyway")
        }
        for d in differences where d.severity == .warn || allowDifferent { Console.warn("runs differ: " + d.text) }
        if !repricing.models.isEmpty {
            Console.note("re-priced with the newest price catalog on both sides: " + repricing.models.joined(separator: ", "))
        }
        var comparison = Comparison.compare(baselines: baselineAnalyses, candidate: candidateAnalysis, rules: rules,
                                            level: level, resamples: resamples, seed: seed, inconclusive: inconclusive)
        comparison.differences = differences
        comparison.repriced = repricing.models
        if baselineRuns.count == 1 {
            Console.note("one baseline run: intervals cover the sampling of requests, not night-to-night variation "
                         + "(compare against several runs, e.g. --baseline last-good~7)")
        }
        return (.compared(comparison), baselineAnalyses.first, candidateAnalysis)
    }
}
