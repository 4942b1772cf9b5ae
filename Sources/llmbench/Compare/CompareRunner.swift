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
    func outcome() throws -> CompareOutcome {
        let pool = DatabasePool()
        defer { pool.closeAll() }
        let candidateAnalysis = try StoreErrors.mapping {
            try RunAnalysisLoader(db: try pool.database(candidate.databasePath)).load(candidate.reference)
        }
        let baselineDB = try pool.database(baseline.databasePath)
        let baselineAnalysis: RunAnalysis?
        do {
            baselineAnalysis = try RunAnalysisLoader(db: baselineDB).load(baseline.reference)
        } catch StoreError.runNotFound(let ref, let detail) {
            guard baseline.couldBeUnsetBaseline, try StoreErrors.mapping({ try baselineDB.baseline(name: ref) }) == nil else {
                throw LLMBenchError(.noInput, "--baseline: no run matches \"\(baseline.text)\": \(detail)")
            }
            baselineAnalysis = nil
            let others = try StoreErrors.mapping { try baselineDB.baselines() }
            if !others.isEmpty {
                Console.warn("no baseline \"\(ref)\" in \(baseline.databasePath), but these are set: "
                             + others.map(\.name).joined(separator: ", ") + "; check the name (treated as the first night: exit 0)")
            }
        } catch {
            throw StoreErrors.map(error)
        }
        let known = Comparison.knownMetricNames([candidateAnalysis] + (baselineAnalysis.map { [$0] } ?? []))
        let rules = try gateText.map { try Gate.parse($0, known: known) } ?? []
        guard let baselineAnalysis else {
            return .noBaseline(reference: baseline.text, candidate: candidateAnalysis.run)
        }
        func stamps(_ db: Database, _ run: RunInfo) throws -> [PriceStamp] {
            try StoreErrors.mapping { try db.runPrices(runId: run.id) }
                .map { PriceStamp(model: $0.model, catalogSHA256: $0.catalogSHA256, catalogDate: $0.catalogDate) }
        }
        let differences = RunDifferences.find(
            baseline: baselineAnalysis.run, candidate: candidateAnalysis.run,
            baselinePrices: try stamps(baselineDB, baselineAnalysis.run),
            candidatePrices: try stamps(try pool.database(candidate.databasePath), candidateAnalysis.run))
        let refused = differences.filter { $0.severity == .refuse }
        if !refused.isEmpty && !allowDifferent {
            throw LLMBenchError(.dataError, "compare: the runs are not like with like, so a change would measure the difference, "
                                + "not a regression:\n" + refused.map { "  - " + $0.text }.joined(separator: "\n")
                                + "\nrerun the candidate with the baseline's settings, or pass --allow-different to compare anyway")
        }
        for d in differences where d.severity == .warn || allowDifferent { Console.warn("runs differ: " + d.text) }
        var comparison = Comparison.compare(baseline: baselineAnalysis, candidate: candidateAnalysis, rules: rules,
                                            level: level, resamples: resamples, seed: seed, inconclusive: inconclusive)
        comparison.differences = differences
        return .compared(comparison)
    }
}
