import Analysis
import LLMBenchCore
import Store

/// `llmbench compare --plan`: reads the baseline run(s) and says, per gated metric and group, what the
/// gate can detect at the baseline's size and how many requests per group its threshold needs
/// (`GatePlan` holds the arithmetic; this only reads the database).
struct PlanRunner {
    var baseline: RunReference
    var gateText: String
    var level: Double
    var seed: UInt64
    /// `--detect`: the change to catch, as a fraction (`nil`: twice each threshold).
    var target: Double?

    func rows() throws -> (runs: [RunInfo], rows: [GatePlanRow], skipped: [String]) {
        let pool = DatabasePool()
        defer { pool.closeAll() }
        let db = try pool.database(baseline.databasePath)
        let runs = try ErrorMapping.mapping { try db.resolveRuns(baseline.reference) }
        let analyses = try runs.map { r in try ErrorMapping.mapping { try RunAnalysisLoader(db: db).load(run: r) } }
        let rules = try Gate.parse(gateText, known: Comparison.knownMetricNames(analyses))
        var out: [GatePlanRow] = []
        var skipped: [String] = []
        for rule in rules {
            guard rule.relative else {
                skipped.append("\(rule.text): an absolute threshold (plans are made for relative ones, e.g. +15%)")
                continue
            }
            let first = analyses[0]
            // A model's totals repeat its one group when it ran one dataset: list them only otherwise.
            let datasetsOf = Dictionary(grouping: first.groups, by: \.key.model).mapValues(\.count)
            for g in first.groups + first.modelTotals.filter({ (datasetsOf[$0.key.model] ?? 0) > 1 }) {
                let perRun = analyses.compactMap { $0.group(g.key)?.sample(forMetric: rule.metric) }
                guard perRun.count == analyses.count, let statistic = perRun.first?.statistic,
                      let row = GatePlan.row(model: g.key.model, dataset: g.key.dataset, metric: rule.metric,
                                             samples: perRun.map(\.values), statistic: statistic,
                                             threshold: abs(rule.threshold), target: target, confidence: level,
                                             seed: seed) else { continue }
                out.append(row)
            }
        }
        return (runs, out, skipped)
    }
}
