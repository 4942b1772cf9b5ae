import Analysis
import LLMBenchCore

/// The Markdown report's conversation section: per dataset, one row per model and turn number with
/// the figures that show a conversation's cost growing (the `RunAnalysis.byTurn` groups).
enum MarkdownConversations {
    /// The columns: a registry figure and its header.
    static let columns: [(name: String, header: String)] = [
        ("requests", "Requests"), ("errors", "Errors"), ("not_sent_count", "Not sent"), ("ttft_ms_p50", "TTFT p50 (ms)"),
        ("e2e_ms_p50", "E2E p50 (ms)"), ("input_tokens_mean", "Input tokens (mean)"),
        ("cached_input_tokens_mean", "Cached input tokens (mean)"), ("output_tokens_mean", "Output tokens (mean)"),
    ]

    static func sections(_ a: RunAnalysis) -> [String] {
        guard !a.byTurn.isEmpty else { return [] }
        var out: [String] = []
        for dataset in Array(Set(a.byTurn.compactMap(\.key.dataset))).sorted() {
            out += ["### Conversations by turn: \(MarkdownReport.escape(dataset))", ""]
            out.append("| Model | Turn | " + columns.map(\.header).joined(separator: " | ") + " |")
            out.append("|:---|---:|" + String(repeating: "---:|", count: columns.count))
            for g in a.byTurn where g.key.dataset == dataset {
                let cells = columns.map { c in
                    NumberFormatting.display(g.value(c.name), unit: a.definitions.first { $0.name == c.name }?.unit ?? .count)
                }
                out.append("| \(MarkdownReport.escape(g.key.model)) | \(g.key.turn ?? 0) | " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        return out
    }
}
