import Analysis

/// The article table as CSV (RFC 4180, CRLF): `key,label,unit,<model>…`, one line per row.
///
/// Numeric rows hold unrounded values (`NumberFormatting.machine`; USD as dollars), an empty field
/// is "no value". Text rows: `simulated` (true/false), `catalog_status` (`current`, `retired
/// YYYY-MM-DD`, `deprecated…`), `relative_cost`, `relative_speed_answer_starts`,
/// `relative_speed_writes`, `best_for.<dataset>` (`best`, `within_margin` or empty),
/// `pareto.<dataset>` (`frontier`, `frontier_within_noise_of:a;b`, `dominated_by:a;b`, `not_compared`).
public enum ArticleTableCSV {
    public static func render(_ c: ArticleComparison) -> String {
        var lines: [[String]] = [["key", "label", "unit"] + c.models]
        func add(_ r: ArticleComparison.Row) {
            lines.append([r.key, r.label, r.unit.rawValue] + r.values.map { NumberFormatting.machine($0) ?? "" })
        }
        lines.append(["simulated", "Simulated target", ""] + c.models.map { _ in c.simulated ? "true" : "false" })
        lines.append(["label", "Run label", ""] + c.models.map { _ in c.label ?? "" })
        lines.append(["date", "Run date", ""] + c.models.map { _ in c.date })
        add(c.requests)
        add(c.succeeded)
        lines.append(["catalog_status", "Catalog status", "label"] + c.status.map { $0 ?? "current" })
        add(c.blended)
        add(c.costPerRequest)
        lines.append(["relative_cost", "Relative cost", "label"] + c.costLabels.map { $0?.rawValue ?? "" })
        c.speed.forEach(add)
        add(c.writes)
        lines.append(["relative_speed_answer_starts", "Relative speed: answer starts (TTFO p50)", "label"]
                     + c.startsLabels.map { $0?.rawValue ?? "" })
        lines.append(["relative_speed_writes", "Relative speed: writes (output speed p50)", "label"]
                     + c.writesLabels.map { $0?.rawValue ?? "" })
        c.thinking.forEach(add)
        add(c.throughput)
        for s in c.sections {
            for var q in s.quality { q.key = "\(q.key).\(s.dataset)"; add(q) }
            add(ArticleComparison.Row(key: "scored_requests.\(s.dataset)", label: "Scored responses (\(s.dataset))", unit: .count, values: s.scored))
        }
        add(c.contextWindow)
        for s in c.sections {
            var q = s.qualityPerDollar; q.key = "\(q.key).\(s.dataset)"; add(q)
            if var m = s.costPerExactMatch { m.key = "\(m.key).\(s.dataset)"; add(m) }
            lines.append(["best_for.\(s.dataset)", "Best for \(s.dataset) (margin \(ArticleTable.marginText(s.task.margin(points: c.marginPoints))))", "label"]
                         + c.models.map { m in
                             guard let b = s.bestFor else { return "" }
                             return b.model == m ? "best" : (b.withinMargin.contains(m) ? "within_margin" : "")
                         })
            lines.append(["pareto.\(s.dataset)", "Pareto (\(s.dataset))", "label"] + c.models.map { m in
                if s.pareto.frontier.contains(m) {
                    if let w = s.pareto.withinNoise.first(where: { $0.model == m }) { return "frontier_within_noise_of:" + w.of.joined(separator: ";") }
                    return "frontier"
                }
                if let d = s.pareto.dominated.first(where: { $0.model == m }) { return "dominated_by:" + d.by.joined(separator: ";") }
                return "not_compared"
            })
        }
        return lines.map { $0.map(CSVReport.field).joined(separator: ",") + "\r\n" }.joined()
    }
}
