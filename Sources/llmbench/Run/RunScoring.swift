import Datasets
import LLMBenchCore
import Quality
import Store

/// Scores every successful response of a run against its dataset item's references, after the
/// run's requests are done (never on the request path), and stores the scores beside the rows.
enum RunScoring {
    /// Scores `runId`'s ok, non-warmup attempts with their task's metrics; returns how many were scored.
    /// Items not found in `datasets` (e.g. synthetic prompts) are skipped.
    @discardableResult
    static func score(runId: String, db: Database, datasets: [Dataset]) throws -> Int {
        var items: [String: [String: DatasetItem]] = [:]
        for d in datasets {
            items[d.name] = Dictionary(d.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        var batch: [Score] = []
        var scored = 0
        try db.forEachRequest(runId: runId) { r in
            guard r.status == .ok, !r.warmup, let item = items[r.dataset]?[r.itemId] else { return }
            for s in TaskScorer.score(item: item, prediction: r.responseText) {
                batch.append(Score(runId: runId, requestIndex: r.requestIndex, attempt: r.attempt,
                                   metric: s.name.rawValue, value: s.value))
            }
            scored += 1
        }
        for start in stride(from: 0, to: batch.count, by: 2048) {
            try db.insertScores(Array(batch[start..<min(start + 2048, batch.count)]))
        }
        return scored
    }
}
