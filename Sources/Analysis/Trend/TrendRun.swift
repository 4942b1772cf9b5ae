import Foundation
import LLMBenchCore

/// One run as `llmbench trend` sees it: where it came from, the baselines that marked it, and
/// the value of each trended metric per model, as its own report shows them.
public struct TrendRun: Sendable, Equatable {
    public var run: RunInfo
    /// The database file the run was read from.
    public var database: String
    /// Names of the baselines that point or pointed at this run (sorted); empty for most runs.
    public var baselines: [String]
    /// Model → reported metric name → value in the metric's display unit; a metric without a
    /// value ("no value") is absent.
    public var values: [String: [String: Double]]

    public init(run: RunInfo, database: String, baselines: [String] = [], values: [String: [String: Double]]) {
        self.run = run; self.database = database; self.baselines = baselines.sorted(); self.values = values
    }

    /// The run's figures for `metrics`: each model's totals over every dataset, or its group on
    /// `dataset` when one is given, exactly as `report` shows them (the same `RunAnalysis`).
    public init(analysis: RunAnalysis, database: String, baselines: [String] = [], metrics: [MetricDefinition],
                dataset: String? = nil) {
        var values: [String: [String: Double]] = [:]
        for model in analysis.models {
            guard let g = analysis.group(GroupKey(model: model, dataset: dataset)) else { continue }
            var row: [String: Double] = [:]
            for m in metrics { if let v = g.value(m.name), v.isFinite { row[m.name] = v } }
            values[model] = row
        }
        self.init(run: analysis.run, database: database, baselines: baselines, values: values)
    }

    /// The run's start (`started_at`), nil when it does not parse.
    public var start: Date? { RunLiveness.date(run.startedAt) }

    /// The UTC hour (0–23) the run started in, nil when its start does not parse.
    public var hourUTC: Int? {
        guard let t = start?.timeIntervalSince1970 else { return nil }
        let hours = (t / 3600).rounded(.down)
        guard hours.isFinite, abs(hours) < 1e15 else { return nil }
        let h = Int(hours) % 24
        return h < 0 ? h + 24 : h
    }

    /// How the run reads in a table: its label, else the first 8 characters of its id.
    public var name: String { run.label ?? String(run.id.prefix(8)) }

    /// Start order: by start time, then by the stored text, then by id (runs whose start does not
    /// parse come first).
    public static func startOrder(_ a: TrendRun, _ b: TrendRun) -> Bool {
        let da = a.start ?? .distantPast, db = b.start ?? .distantPast
        if da != db { return da < db }
        if a.run.startedAt != b.run.startedAt { return a.run.startedAt < b.run.startedAt }
        return a.run.id < b.run.id
    }
}
