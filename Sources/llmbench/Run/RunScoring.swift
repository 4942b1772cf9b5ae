import Datasets
import LLMBenchCore
import Quality
import Store

/// Scores every successful response of a run against its dataset item's references, after the
/// run's requests are done (never on the request path), and stores the scores beside the rows.
///
/// A page of responses at a time (`pageSize`): read from the database, scored on every core by one
/// `ScoringPool` (results in request order), stored in one transaction; memory is bounded by the page.
enum RunScoring {
    static let pageSize = 4096

    /// Scores `runId`'s ok, non-warmup attempts with their task's metrics; returns how many were scored.
    /// Items not found in `datasets` (e.g. synthetic prompts) are skipped.
    @discardableResult
    static func score(runId: String, db: Database, datasets: [Dataset], pool: ScoringPool = ScoringPool()) throws -> Int {
        var items: [String: [String: DatasetItem]] = [:]
        for d in datasets {
            items[d.name] = Dictionary(d.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        var scored = 0
        var after: (requestIndex: Int, attempt: Int)?
        while true {
            let page = try db.scoringInputs(runId: runId, after: after, limit: pageSize)
            guard let last = page.last else { break }
            after = (last.requestIndex, last.attempt)
            var jobs: [ScoringJob] = [], owners: [ScoringInput] = []
            for r in page {
                guard let item = items[r.dataset]?[r.itemId] else { continue }
                jobs.append(ScoringJob(item: item, prediction: r.responseText)); owners.append(r)
            }
            var batch: [Score] = []
            for (r, scores) in zip(owners, pool.score(jobs)) {
                for s in scores {
                    batch.append(Score(runId: runId, requestIndex: r.requestIndex, attempt: r.attempt, metric: s.name.rawValue, value: s.value))
                }
            }
            try db.insertScores(batch)
            scored += jobs.count
        }
        return scored
    }
}
