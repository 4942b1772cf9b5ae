import Analysis
import LLMBenchCore

/// A GitHub-flavoured Markdown report that pastes into a PR or `$GITHUB_STEP_SUMMARY`.
///
/// A header block (run id, label, start, status, host, version, and the simulator notice), then
/// one table per dataset with the models side by side as columns and the summary metrics
/// (`MetricDefinition.inSummary`, in list order) as rows, unit in the row label; then the
/// per-model totals (every summary row when there are several datasets, else the per-model rates
/// only), failures by kind with the top error messages of each kind, and token provenance.
public enum MarkdownReport {
    /// The line every report of a simulated run carries.
    public static let simulatedNotice =
        "Simulated: results come from llmbench's built-in simulator, not a real provider."

    /// Said above the table of a prompt-only dataset, whose quality rows are left out.
    public static let notScoredNotice = "Quality: not scored (a prompt-only dataset has no references; latency, tokens and cost only)."

    public static func render(_ a: RunAnalysis) -> String {
        var out: [String] = []
        out += header(a.run)
        for note in a.notes { out += ["> \(escape(note))", ""] }
        let models = a.models
        // Conversation figures only for a run with conversations.
        let rows = a.definitions.filter { $0.inSummary && (!a.byTurn.isEmpty || !$0.isConversationFigure) }
        for dataset in a.datasets {
            out.append("### Dataset: \(escape(dataset))")
            out.append("")
            let scored = a.run.datasetTasks[dataset] != TaskKind.prompt.rawValue
            if !scored { out += [notScoredNotice, ""] }
            out += table(first: "Metric", models: models, rows: rows.filter { $0.scope == .group && (scored || $0.unit != .score) }.map { def in
                (rowLabel(def), models.map { a.group(GroupKey(model: $0, dataset: dataset))?.value(def.name) }, def.unit)
            })
            out.append("")
        }
        // Rates over a model's active window (`MetricScope.model`) exist only for the model as a whole.
        let totalRows = a.datasets.count > 1 ? rows : rows.filter { $0.scope == .model }
        if !totalRows.isEmpty && !a.modelTotals.isEmpty {
            out.append(a.datasets.count > 1 ? "### All datasets" : "### Per model")
            out.append("")
            out += table(first: "Metric", models: models, rows: totalRows.map { def in
                (rowLabel(def), models.map { a.group(GroupKey(model: $0, dataset: nil))?.value(def.name) }, def.unit)
            })
            out.append("")
        }
        out += MarkdownConversations.sections(a)
        out += failures(a, models: models)
        out += provenance(a, models: models)
        out.append("\(NumberFormatting.noValue) = no value (the metric does not apply, e.g. TTFT of a non-streamed request). "
                   + "Latencies count successful, non-warmup attempts from the time each was sent.")
        return out.joined(separator: "\n") + "\n"
    }

    /// Row label: the metric's label and, unless it is a plain count, its unit in parentheses.
    public static func rowLabel(_ def: MetricDefinition) -> String {
        def.unit == .count ? def.label : "\(def.label) (\(def.unit.rawValue))"
    }

    static func header(_ run: RunInfo) -> [String] {
        var lines = ["## llmbench run \(escape(run.id))", ""]
        if let label = run.label { lines.append("- Label: \(escape(label))") }
        lines.append("- Started: \(escape(run.startedAt))")
        lines.append("- Status: \(run.status.rawValue)")
        lines.append("- Host: \(escape(run.host)) (\(escape(run.os)), \(run.cpuCount) CPUs)")
        let commit = run.gitCommit.map { " (commit \(escape($0)))" } ?? ""
        lines.append("- llmbench: \(escape(run.llmbenchVersion))\(commit)")
        lines.append("")
        if run.simulated { lines += [simulatedNotice, ""] }
        return lines
    }

    static func failures(_ a: RunAnalysis, models: [String]) -> [String] {
        let totals = models.map { a.group(GroupKey(model: $0, dataset: nil)) }
        let rows: [(String, [Double?], MetricUnit)] = ErrorKind.allCases.compactMap { kind in
            let name = CountMetricNames.errors(kind)
            let values = totals.map { $0?.value(name) }
            return values.contains { ($0 ?? 0) > 0 } ? (kind.rawValue, values, .count) : nil
        }
        var out = ["### Failures by kind", ""]
        out += rows.isEmpty ? ["No failed or cancelled attempts."] : table(first: "Kind", models: models, rows: rows)
        out.append("")
        let withMessages = a.modelTotals.filter { !$0.failures.isEmpty }
        if !withMessages.isEmpty {
            out += ["### Top error messages", ""]
            for g in withMessages {
                for f in g.failures {
                    let status = f.httpStatus.map { ", HTTP \($0)" } ?? ""
                    out.append("- **\(escape(g.key.model))** · `\(f.kind.rawValue)` ×\(f.count)\(status)")
                    for m in f.top { out.append("  - ×\(m.count): \(inline(m.text))") }
                    if let h = f.hint { out.append("  - hint: \(escape(h))") }
                }
            }
            out.append("")
        }
        return out
    }

    /// Server text shown as inline code (backticks in it become quotes), so Markdown in it is not rendered.
    static func inline(_ s: String) -> String {
        "`" + escape(s).replacingOccurrences(of: "`", with: "'") + "`"
    }

    static func provenance(_ a: RunAnalysis, models: [String]) -> [String] {
        let totals = models.map { a.group(GroupKey(model: $0, dataset: nil)) }
        // `server` and `estimated` always; the sources a config asks for (chunks, o200k, router) when some row has them.
        var names = CountMetricNames.tokenSources.filter { source in
            source == .server || source == .estimated
                || totals.contains { ($0?.value(CountMetricNames.tokensSource(source)) ?? 0) > 0 }
        }.map { ($0.rawValue, CountMetricNames.tokensSource($0)) }
        names.append(("none", CountMetricNames.tokensSourceNone))
        let rows = names.map { label, name in (label, totals.map { $0?.value(name) }, MetricUnit.count) }
        return ["### Token counts by source (successful attempts)", ""]
            + table(first: "Source", models: models, rows: rows) + [""]
    }

    static func table(first: String, models: [String], rows: [(String, [Double?], MetricUnit)]) -> [String] {
        var out = ["| \(first) | " + models.map(escape).joined(separator: " | ") + " |"]
        out.append("|:---|" + String(repeating: "---:|", count: models.count))
        for (label, values, unit) in rows {
            out.append("| \(escape(label)) | " + values.map { NumberFormatting.display($0, unit: unit) }.joined(separator: " | ") + " |")
        }
        return out
    }

    /// Makes text safe inside a table cell: `|` escaped, line breaks turned into spaces.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
