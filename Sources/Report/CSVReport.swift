import Analysis
import LLMBenchCore

/// One CSV row per (model, dataset), then one per model's totals (empty `dataset`: every
/// dataset; the only rows with per-model rates such as `requests_per_s`), as RFC 4180 defines CSV.
///
/// Columns: `run_id, simulated, model, dataset`, then every metric name of the analysis in list
/// order, then `top_errors`: the group's top error messages per kind (`FailureMessages.line`,
/// kinds joined by ` | `; empty when nothing failed). A run with conversations adds a `turn` column after `dataset` and, after the totals, one row
/// per model, dataset and turn number (`RunAnalysis.byTurn`; `turn` is empty on the other rows). Lines end in CRLF; a field holding a comma, double quote, CR or LF is enclosed in double
/// quotes with inner quotes doubled. Numbers are unrounded (`NumberFormatting.machine`); an empty
/// field is "no value".
public enum CSVReport {
    public static func render(_ a: RunAnalysis) -> String {
        let turns = !a.byTurn.isEmpty
        var lines: [[String]] = [["run_id", "simulated", "model", "dataset"] + (turns ? ["turn"] : []) + a.definitions.map(\.name)
                                 + ["top_errors"]]
        for g in a.groups + a.modelTotals + a.byTurn {
            var row = [a.run.id, a.run.simulated ? "true" : "false", g.key.model, g.key.dataset ?? ""]
            if turns { row.append(g.key.turn.map(String.init) ?? "") }
            row += a.definitions.map { NumberFormatting.machine(g.value($0.name)) ?? "" }
            row.append(g.failures.map(\.line).joined(separator: " | "))
            lines.append(row)
        }
        return lines.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
