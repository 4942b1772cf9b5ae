import Analysis
import LLMBenchCore

/// `llmbench trend --format csv`: every number of the trend, one row each, as RFC 4180 defines CSV
/// (CRLF line ends, fields quoted when needed, unrounded numbers, an empty field is "no value").
///
/// Columns: `row, model, metric, unit, run_id, label, started_at, hour_utc, database, simulated,
/// baselines, value, n, band_median, band_spread, band_lower, band_upper, flag, worse`. Three kinds
/// of `row`:
/// - `run`: one run's value of one model × metric, in start order; `n` is how many previous runs
///   made its band (empty band fields: not judged), `flag` is `above`, `below` or empty, `worse`
///   `true`/`false` for a flag on a metric with a direction; `baselines` joined by `;`;
/// - `next_band`: the band the next run will be judged by (`n` runs);
/// - `hour_of_day`: `value` is the median of the `n` runs that started in UTC hour `hour_utc`.
public enum TrendCSV {
    public static let header = ["row", "model", "metric", "unit", "run_id", "label", "started_at", "hour_utc", "database",
                                "simulated", "baselines", "value", "n", "band_median", "band_spread", "band_lower",
                                "band_upper", "flag", "worse"]

    public static func render(_ t: TrendAnalysis) -> String {
        var lines = [header]
        func band(_ b: TrendBand?) -> [String] {
            guard let b else { return ["", "", "", "", ""] }
            return [String(b.runs)] + [b.median, b.spread, b.lower, b.upper].map { NumberFormatting.machine($0) ?? "" }
        }
        for s in t.series {
            let lead = [s.model, s.metric.name, s.metric.unit.rawValue]
            for p in s.points {
                let r = t.runs[p.run]
                let worse = p.flag?.isWorse(s.metric.direction).map { $0 ? "true" : "false" } ?? ""
                lines.append(["run"] + lead + [r.run.id, r.run.label ?? "", r.run.startedAt, r.hourUTC.map(String.init) ?? "",
                                               r.database, r.run.simulated ? "true" : "false", r.baselines.joined(separator: ";"),
                                               NumberFormatting.machine(p.value) ?? ""]
                             + band(p.band) + [p.flag?.rawValue ?? "", worse])
            }
            if let b = s.nextBand {
                lines.append(["next_band"] + lead + Array(repeating: "", count: 8) + band(b) + ["", ""])
            }
        }
        let units = Dictionary(t.metrics.map { ($0.name, $0.unit.rawValue) }, uniquingKeysWith: { a, _ in a })
        for h in t.hours {
            lines.append(["hour_of_day", h.model, h.metric, units[h.metric] ?? "", "", "", "", String(h.hourUTC), "", "", "",
                          NumberFormatting.machine(h.median) ?? "", String(h.runs), "", "", "", "", "", ""])
        }
        return lines.map { $0.map(CSVReport.field).joined(separator: ",") + "\r\n" }.joined()
    }
}
