import Analysis
import Foundation
import LLMBenchCore
import Store

/// Reads the runs of `llmbench trend` from one or more databases (read-only): which runs match,
/// which baselines marked them, and each run's figures through `RunAnalysisLoader`, so every value
/// is the one `report` shows for that run (priced with the prices stored with it).
struct TrendLoader {
    var databases: [String]
    /// A label pattern in `compare`'s baseline syntax (`nightly-*`, `'nightly-*'~14d`, `~K`); nil
    /// for every run.
    var label: String?
    var metrics: [MetricDefinition]
    var dataset: String?
    /// The time `~Nd` windows and "still running" are judged at.
    var now: Date

    /// Every matching run of every database, with the notes a reader must see; a selection that
    /// matches no run anywhere is a missing input (exit 66).
    func runs() throws -> (runs: [TrendRun], notes: [String]) {
        var out: [TrendRun] = []
        var notes: [String] = []
        var empty: [String] = []
        var otherDatasets = Set<String>()
        for path in databases {
            let db = try ErrorMapping.mapping { try Database.open(path: path, readOnly: true) }
            defer { try? db.close() }
            let picked = try select(db, path: path)
            if picked.isEmpty { empty.append(try describe(db, path: path)) }
            var marks: [String: Set<String>] = [:]
            for m in try ErrorMapping.mapping({ try db.baselineMarks() }) { marks[m.runId, default: []].insert(m.name) }
            var running = 0
            for run in picked {
                if case .running = run.liveness(now: now) { running += 1; continue }
                let loader = RunAnalysisLoader(db: db)
                let analysis = try ErrorMapping.mapping { try loader.load(run: run) }
                if let dataset, !analysis.datasets.contains(dataset) { otherDatasets.formUnion(analysis.datasets); continue }
                out.append(TrendRun(analysis: analysis, database: path, baselines: Array(marks[run.id] ?? []),
                                    metrics: metrics, dataset: dataset))
            }
            if running > 0 { notes.append("\(running) run(s) in \(path) still running are left out (their figures are partial).") }
        }
        guard !out.isEmpty else {
            let what = (label.map { "no run labelled \($0)" } ?? "no finished run") + (dataset.map { " with dataset \($0)" } ?? "")
            var detail = empty
            if !otherDatasets.isEmpty { detail.append("The matching runs used the datasets " + otherDatasets.sorted().joined(separator: ", ") + ".") }
            throw LLMBenchError(.noInput, "trend: \(what) in " + databases.joined(separator: ", ") + "."
                                + (detail.isEmpty ? "" : " " + detail.joined(separator: " ")))
        }
        for text in empty where databases.count > 1 { notes.append(text) }
        return (out, notes)
    }

    /// The runs of `db` the selection names (newest first); empty when none.
    private func select(_ db: Database, path: String) throws -> [RunInfo] {
        guard let label else { return try ErrorMapping.mapping { try db.runs() } }
        guard label.contains("~") else { return try ErrorMapping.mapping { try db.runs(labelMatching: label) } }
        do {
            return try db.resolveRuns(label, now: now)
        } catch StoreError.runNotFound {
            return []
        } catch {
            throw ErrorMapping.storeError(error) ?? error
        }
    }

    /// What `db` holds, for a selection that found nothing in it.
    private func describe(_ db: Database, path: String) throws -> String {
        let all = try ErrorMapping.mapping { try db.runs() }
        guard !all.isEmpty else { return "\(path) holds no runs." }
        let labels = Array(Set(all.compactMap(\.label))).sorted()
        let shown = labels.prefix(10).joined(separator: ", ")
        return "\(path) holds \(all.count) run(s)" + (labels.isEmpty ? " without labels." : "; labels: \(shown)"
            + (labels.count > 10 ? ", … and \(labels.count - 10) more." : "."))
    }
}
