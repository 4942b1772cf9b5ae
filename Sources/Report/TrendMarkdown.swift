import Analysis
import LLMBenchCore

/// `llmbench trend --format markdown`, for a job summary: the short answer first (what the newest
/// run flagged), then the flagged values (the newest `maxFlagRows`), one table per model (the
/// newest `maxRunRows` runs × metrics, flagged cells in bold with ▲ above or ▼ below their band,
/// and the band the next run will be judged by), and the medians by UTC hour of day.
public enum TrendMarkdown {
    /// At most this many rows in the "Flagged" table (every flag is in the CSV and JSON).
    public static let maxFlagRows = 20
    /// At most this many runs (the newest) in each model's table; bands still use every run.
    public static let maxRunRows = 30

    public static func render(_ t: TrendAnalysis, selection: TrendSelection) -> String {
        var out: [String] = []
        let first = t.runs.first.map { TrendText.started($0.run.startedAt) } ?? ""
        let last = t.runs.last.map { TrendText.started($0.run.startedAt) } ?? ""
        out += ["## llmbench trend: \(t.runs.count) run(s), \(first) … \(last) UTC", ""]
        out += [headline(t), ""]
        if t.simulated { out += [MarkdownReport.simulatedNotice, ""] }
        var facts = ["- Runs: \(MarkdownReport.escape(selection.description))"
                     + (t.dataset.map { ", dataset \(MarkdownReport.escape($0))" } ?? ", each model's totals over every dataset")]
        facts.append("- Band: " + t.rule.description + ".")
        facts += t.notes.map { "- " + MarkdownReport.escape($0) }
        out += facts + [""]
        let flags = t.flags
        if !flags.isEmpty {
            out += ["### Flagged", "", "| Run | Started (UTC) | Model | Metric | Value | Band | Side |", "|:---|:---|:---|:---|---:|---:|:---|"]
            for f in flags.prefix(maxFlagRows) {
                let r = t.runs[f.point.run], unit = f.series.metric.unit
                let side = (f.point.flag == .above ? "▲ above" : "▼ below") + (f.isWorse.map { $0 ? " (worse)" : " (better)" } ?? "")
                out.append("| \(runCell(r, t)) | \(TrendText.started(r.run.startedAt)) | \(MarkdownReport.escape(f.series.model)) | "
                           + "`\(f.series.metric.name)` | \(TrendText.value(f.point.value, unit)) | "
                           + "\(f.point.band.map { TrendText.band($0, unit) } ?? "") | \(side) |")
            }
            if flags.count > maxFlagRows { out.append("") ; out.append("… and \(flags.count - maxFlagRows) older flag(s) (every flag is in the CSV and JSON).") }
            out.append("")
        }
        for model in t.models { out += modelTable(t, model) }
        out += hourTable(t)
        return out.joined(separator: "\n") + "\n"
    }

    /// The short answer (`TrendText.headline`) with Markdown emphasis and code spans.
    static func headline(_ t: TrendAnalysis) -> String {
        TrendText.headline(t, code: { "`\(MarkdownReport.escape($0))`" }, strong: { "**\($0)**" }, text: MarkdownReport.escape)
    }

    static func runCell(_ r: TrendRun, _ t: TrendAnalysis) -> String {
        var text = MarkdownReport.escape(r.name)
        if t.simulated && !t.runs.allSatisfy(\.run.simulated) && r.run.simulated { text += " (simulated)" }
        return text
    }

    static func modelTable(_ t: TrendAnalysis, _ model: String) -> [String] {
        let series = t.series.filter { $0.model == model }
        let multiDB = Set(t.runs.map(\.database)).count > 1
        var header = ["Run", "Started (UTC)"] + (multiDB ? ["Database"] : []) + ["Baseline"]
        header += series.map { MarkdownReport.rowLabel($0.metric) }
        var out = ["### \(MarkdownReport.escape(model))", "", "| " + header.map(MarkdownReport.escape).joined(separator: " | ") + " |",
                   "|" + String(repeating: ":---|", count: header.count - series.count) + String(repeating: "---:|", count: series.count)]
        let all = Set(series.flatMap { $0.points.map(\.run) }).sorted()
        let indices = all.suffix(maxRunRows)
        for i in indices {
            let r = t.runs[i]
            var cells = [runCell(r, t), TrendText.started(r.run.startedAt)]
            if multiDB { cells.append(MarkdownReport.escape(r.database)) }
            cells.append(r.baselines.map(MarkdownReport.escape).joined(separator: ", "))
            for s in series {
                guard let p = s.point(run: i) else { cells.append(NumberFormatting.noValue); continue }
                let v = NumberFormatting.display(p.value, unit: s.metric.unit)
                switch p.flag {
                case .above?: cells.append("**\(v) ▲**")
                case .below?: cells.append("**\(v) ▼**")
                case nil: cells.append(v)
                }
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        var band = ["*band for the next run*", ""] + (multiDB ? [""] : []) + [""]
        band += series.map { s in s.nextBand.map { "\(NumberFormatting.display($0.median, unit: s.metric.unit)) [\(TrendText.band($0, s.metric.unit))]" } ?? NumberFormatting.noValue }
        out.append("| " + band.joined(separator: " | ") + " |")
        var legend = "▲ above / ▼ below the band of the runs before it; a band reads median [lower–upper]."
        if all.count > indices.count { legend += " The newest \(indices.count) of \(all.count) runs are shown (every run is in the CSV, JSON and HTML)." }
        return out + ["", legend, ""]
    }

    static func hourTable(_ t: TrendAnalysis) -> [String] {
        guard !t.hours.isEmpty else { return [] }
        let header = ["Model", "Hour (UTC)"] + t.metrics.map { MarkdownReport.rowLabel($0) }
        var out = ["### By hour of day (UTC)", "", "| " + header.map(MarkdownReport.escape).joined(separator: " | ") + " |",
                   "|:---|---:|" + String(repeating: "---:|", count: t.metrics.count)]
        for model in t.models {
            let rows = t.hours.filter { $0.model == model }
            for hour in Set(rows.map(\.hourUTC)).sorted() {
                var cells = [MarkdownReport.escape(model), (hour < 10 ? "0\(hour)" : "\(hour)")]
                for m in t.metrics {
                    if let h = rows.first(where: { $0.metric == m.name && $0.hourUTC == hour }) {
                        cells.append("\(NumberFormatting.display(h.median, unit: m.unit)) (\(h.runs))")
                    } else { cells.append(NumberFormatting.noValue) }
                }
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return out + ["", "Each cell: the median of the runs that started in that UTC hour (how many).", ""]
    }
}
