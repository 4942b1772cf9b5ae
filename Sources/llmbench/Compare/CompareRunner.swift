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
        return .compared(Comparison.compare(baseline: baselineAnalysis, candidate: candidateAnalysis, rules: rules,
                                            level: level, resamples: resamples, seed: seed, inconclusive: inconclusive))
    }
}
