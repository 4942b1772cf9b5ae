import Analysis
import LLMBenchCore

/// `llmbench trend --format json`: the same numbers as the CSV, as one document with sorted keys.
///
/// Shape: `{"format_version": 1, "view": "trend", "simulated": bool, "selection": {"label",
/// "databases", "dataset"}, "band": {"window", "minimum_history", "spread_multiplier",
/// "minimum_relative_half_width", "description"}, "runs": [{id, label, started_at, hour_utc,
/// database, simulated, status, baselines}] (start order), "metrics": [{name, label, unit,
/// direction}], "series": [{model, metric, points: [{run_id, value, band, flag, worse}],
/// next_band}], "hour_of_day": [{model, metric, hour_utc, runs, median}], "latest": {run_id,
/// flags: [{model, metric, value, band, flag, worse}]}, "notes": […]}`. A band is `{runs, median,
/// spread, lower, upper}` or null (not judged); values are in each metric's unit, unrounded.
public enum TrendJSON {
    public static func render(_ t: TrendAnalysis, selection: TrendSelection) -> String {
        func band(_ b: TrendBand?) -> JSONValue {
            guard let b else { return .null }
            return .object(["runs": .number(Double(b.runs)), "median": .number(b.median), "spread": .number(b.spread),
                            "lower": .number(b.lower), "upper": .number(b.upper)])
        }
        func worse(_ p: TrendPoint, _ s: TrendSeries) -> JSONValue {
            p.flag?.isWorse(s.metric.direction).map(JSONValue.bool) ?? .null
        }
        let runs: [JSONValue] = t.runs.map { r in
            .object(["id": .string(r.run.id), "label": .optional(r.run.label), "started_at": .string(r.run.startedAt),
                     "hour_utc": r.hourUTC.map { .number(Double($0)) } ?? .null, "database": .string(r.database),
                     "simulated": .bool(r.run.simulated), "status": .string(r.run.status.rawValue),
                     "baselines": .array(r.baselines.map(JSONValue.string))])
        }
        let series: [JSONValue] = t.series.map { s in
            .object(["model": .string(s.model), "metric": .string(s.metric.name), "next_band": band(s.nextBand),
                     "points": .array(s.points.map { p in
                         .object(["run_id": .string(t.runs[p.run].run.id), "value": .number(p.value), "band": band(p.band),
                                  "flag": .optional(p.flag?.rawValue), "worse": worse(p, s)])
                     })])
        }
        let hours: [JSONValue] = t.hours.map { h in
            .object(["model": .string(h.model), "metric": .string(h.metric), "hour_utc": .number(Double(h.hourUTC)),
                     "runs": .number(Double(h.runs)), "median": .number(h.median)])
        }
        let latest: JSONValue = t.latestRun.map { r in
            .object(["run_id": .string(r.run.id), "flags": .array(t.latestFlags.map { f in
                .object(["model": .string(f.series.model), "metric": .string(f.series.metric.name), "value": .number(f.point.value),
                         "band": band(f.point.band), "flag": .optional(f.point.flag?.rawValue), "worse": worse(f.point, f.series)])
            })])
        } ?? .null
        let doc: JSONValue = .object([
            "format_version": .number(1), "view": .string("trend"), "simulated": .bool(t.simulated),
            "selection": .object(["label": .optional(selection.label), "databases": .array(selection.databases.map(JSONValue.string)),
                                  "dataset": .optional(t.dataset)]),
            "band": .object(["window": .number(Double(t.rule.window)), "minimum_history": .number(Double(t.rule.minimumHistory)),
                             "spread_multiplier": .number(t.rule.spreadMultiplier),
                             "minimum_relative_half_width": .number(t.rule.minimumRelativeHalfWidth),
                             "description": .string(t.rule.description)]),
            "runs": .array(runs),
            "metrics": .array(t.metrics.map { m in
                .object(["name": .string(m.name), "label": .string(m.label), "unit": .string(m.unit.rawValue),
                         "direction": .string(m.direction.rawValue)])
            }),
            "series": .array(series), "hour_of_day": .array(hours), "latest": latest,
            "notes": .array(t.notes.map(JSONValue.string)),
        ])
        return doc.serialized()
    }
}
