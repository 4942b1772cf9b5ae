import Analysis
import Foundation
import LLMBenchCore
import Store

/// Builds a run's full analysis from the database alone (never the network): latency and
/// throughput from `requests`, then the cost and quality rows that later stages add.
/// Every report, compare and gate reads runs through here, so they agree on every figure.
struct RunAnalysisLoader {
    var db: Database

    /// Resolves `ref` (`latest`, an id or prefix, a label, a baseline name) and analyses that run.
    func load(_ ref: String) throws -> RunAnalysis {
        let run = try db.resolveRun(ref)
        return try load(run: run)
    }

    func load(run: RunInfo) throws -> RunAnalysis {
        var analyzer = RunAnalyzer()
        try db.forEachRequest(runId: run.id) { analyzer.add($0) }
        let analysis = analyzer.finish(run: run)
        return analysis
    }
}
