import Analysis
import LLMBenchCore

/// The output formats of `llmbench report` (and, for `junit`, of compare and `--fail-on`): one file each.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown
    case csv
    case json
    case junit
    /// One self-contained page with charts (`HTMLReport`, `CompareHTML`).
    case html

    /// Parses a `--format` value; a bad value is a usage error (exit 64) listing the valid ones.
    public static func parse(_ text: String) throws -> ReportFormat {
        guard let f = ReportFormat(rawValue: text.lowercased()) else {
            let valid = allCases.map(\.rawValue).joined(separator: ", ")
            throw LLMBenchError.usage("--format: unknown format \"\(text)\" (valid: \(valid))")
        }
        return f
    }

    /// Renders one run's analysis. JUnit gives one "requests succeed" case per model (`RunJUnit`).
    public func render(_ analysis: RunAnalysis) throws -> String {
        switch self {
        case .markdown: return MarkdownReport.render(analysis)
        case .csv: return CSVReport.render(analysis)
        case .json: return JSONReport.render(analysis)
        case .junit: return RunJUnit.render(analysis)
        case .html: return HTMLReport.render(analysis)
        }
    }
}
