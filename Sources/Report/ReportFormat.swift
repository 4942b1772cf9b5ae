import Analysis
import LLMBenchCore

/// The output formats of `llmbench report` (and, for `junit`, of compare and `--fail-on`): one file each.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown
    case csv
    case json
    case junit

    /// Parses a `--format` value; a bad value is a usage error (exit 64) listing the valid ones.
    public static func parse(_ text: String) throws -> ReportFormat {
        guard let f = ReportFormat(rawValue: text.lowercased()) else {
            let valid = allCases.map(\.rawValue).joined(separator: ", ")
            throw LLMBenchError.usage("--format: unknown format \"\(text)\" (valid: \(valid))")
        }
        return f
    }

    /// Renders one run's analysis. JUnit describes pass/fail checks, so a run alone has none:
    /// render gate or `--fail-on` verdicts with `JUnitReport.render(suiteName:cases:)` instead.
    public func render(_ analysis: RunAnalysis) throws -> String {
        switch self {
        case .markdown: return MarkdownReport.render(analysis)
        case .csv: return CSVReport.render(analysis)
        case .json: return JSONReport.render(analysis)
        case .junit:
            throw LLMBenchError.usage("--format junit applies to `llmbench compare` and `run --fail-on` verdicts, "
                                      + "not to a run report (use markdown, csv or json)")
        }
    }
}
