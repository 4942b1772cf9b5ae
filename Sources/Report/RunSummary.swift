import Analysis
import LLMBenchCore

/// The answer first: the compact block `run` prints on a terminal (`--format summary`), one row per
/// model, instead of the full report.
///
/// Rows: requests sent, errors, cancelled (Ctrl-C or a cap: not errors), not sent when any, TTFT
/// p50/p99 and e2e p50/p99 (ms), output tokens/s over the model's active window, total cost; then
/// the quality score(s) of each task the run scored (`ArticleTask.qualityRows`), then the most
/// frequent error message of each failing model and kind, with its hint. Every figure is the
/// registry's, read from the run's analysis; nothing is measured here.
public enum RunSummary {
    /// `reportPath`: where the full report was written (shown last, with the command that renders it again).
    public static func render(_ a: RunAnalysis, reportPath: String?, again: String?) -> String {
        let id = String(a.run.id.prefix(8))
        var head = "llmbench run \(id)"
        if let l = a.run.label { head += " (\(l))" }
        head += " · \(a.run.status.rawValue)"
        if a.run.simulated { head += " · simulated" }
        var out = [head]
        out += notes(a)

        let models = a.modelTotals
        let showNotSent = models.contains { ($0.value(Metric.notSentCount.name) ?? 0) > 0 }
        var header = ["model", "requests", "errors", "cancelled"]
        if showNotSent { header.append("not sent") }
        header += ["TTFT p50 ms", "TTFT p99 ms", "e2e p50 ms", "e2e p99 ms", "out tok/s", "cost USD"]
        var rows: [[String]] = []
        for g in models {
            var row = [g.key.model, count(g, Metric.requests.name), count(g, Metric.errors.name), count(g, Metric.cancelled.name)]
            if showNotSent { row.append(count(g, Metric.notSentCount.name)) }
            row += [ms(g, "ttft_ms_p50"), ms(g, "ttft_ms_p99"), ms(g, "e2e_ms_p50"), ms(g, "e2e_ms_p99"),
                    NumberFormatting.display(g.value("output_tokens_per_s"), unit: .tokensPerSecond),
                    NumberFormatting.display(g.value("cost_usd_total"), unit: .usd)]
            rows.append(row)
        }
        out += table(header: header, rows: rows)

        let quality = qualityColumns(a)
        if !quality.isEmpty {
            out.append("")
            out += table(header: ["quality"] + quality.map(\.title), rows: models.map { g in
                [g.key.model] + quality.map { q in
                    let v = a.group(GroupKey(model: g.key.model, dataset: q.dataset))?.value(q.metric)
                    return v.map { String(format: q.scale == 1 ? "%.3f" : "%.1f", $0) } ?? NumberFormatting.noValue
                }
            })
        }

        let failing = models.filter { !$0.failures.isEmpty }
        if !failing.isEmpty {
            out.append("")
            for g in failing {
                for f in g.failures {
                    let status = f.statusText.map { " (\($0))" } ?? ""
                    let top = f.top.first.map { ": \($0.text)" } ?? ""
                    out.append("\(g.key.model): \(f.kind.rawValue) ×\(f.count)\(status)\(top)")
                    if let h = f.hint { out.append("  hint: \(h)") }
                }
            }
        }
        out.append("")
        if let p = reportPath { out.append("Full report: \(p)") }
        if let again { out.append("Render again: \(again)") }
        return out.joined(separator: "\n") + "\n"
    }

    private static func notes(_ a: RunAnalysis) -> [String] {
        a.notes.filter { $0.hasPrefix("Interrupted") || $0.hasPrefix("Capped") || $0.hasPrefix("Stopped") || $0.hasPrefix("Failed") }
    }

    /// `scale`: full scale of the score (1 for ROUGE: 3 decimals; 100 for the others: 1 decimal).
    private struct QualityColumn { var dataset: String; var metric: String; var title: String; var scale: Double }

    /// One column per (dataset, quality row) that has a value in some model's group.
    private static func qualityColumns(_ a: RunAnalysis) -> [QualityColumn] {
        var out: [QualityColumn] = []
        for d in a.datasets {
            guard let task = ArticleTask.infer(dataset: d, in: a) else { continue }
            for q in task.qualityRows where a.groups.contains(where: { $0.key.dataset == d && $0.value(q.metric) != nil }) {
                out.append(QualityColumn(dataset: d, metric: q.metric, title: "\(d) \(q.label)", scale: task.scale))
            }
        }
        return out
    }

    private static func count(_ g: GroupAnalysis, _ name: String) -> String {
        NumberFormatting.display(g.value(name), unit: .count)
    }

    private static func ms(_ g: GroupAnalysis, _ name: String) -> String {
        NumberFormatting.display(g.value(name), unit: .ms)
    }

    /// Left-aligned first column, right-aligned others, two spaces apart.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
