import LLMBenchCore

/// One `--fail-on` level: the run fails when a group's metric value satisfies the comparison.
///
/// Syntax (issue 7): `error_rate>0.02,ttft_ms_p95>1500`, operators `>`, `>=`, `<`, `<=`; thresholds
/// are absolute, in the metric's unit.
public struct FailOnRule: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable { case greaterOrEqual = ">=", lessOrEqual = "<=", greater = ">", less = "<" }
    public var metric: String
    public var comparison: Comparison
    public var threshold: Double

    /// Whether `value` trips this rule; a metric with no value never does.
    public func isViolated(by value: Double?) -> Bool {
        guard let v = value else { return false }
        switch comparison {
        case .greater: return v > threshold
        case .greaterOrEqual: return v >= threshold
        case .less: return v < threshold
        case .lessOrEqual: return v <= threshold
        }
    }

    public var text: String { "\(metric)\(comparison.rawValue)\(NumberText.plain(threshold))" }
}

/// A rule that a group tripped.
public struct FailOnViolation: Sendable, Equatable {
    public var rule: FailOnRule
    public var key: GroupKey
    public var value: Double
}

/// Parsing and checking `--fail-on` (pure).
public enum FailOn {
    /// A bad rule is a usage error (exit 64) that lists the valid metric names.
    public static func parse(_ text: String, known: [String] = MetricCatalog.names) throws -> [FailOnRule] {
        guard !text.trimmingSpaces.isEmpty else { throw LLMBenchError.usage("--fail-on: no rules given (e.g. error_rate>0.02)") }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { raw in
            let part = raw.trimmingSpaces
            // Two-character operators first, so ">=" is not read as ">" followed by "=…".
            guard let op = FailOnRule.Comparison.allCases.first(where: { part.contains($0.rawValue) }),
                  let range = part.range(of: op.rawValue) else {
                throw LLMBenchError.usage("--fail-on: rule \"\(part)\" needs one of > >= < <= (e.g. ttft_ms_p95>1500)")
            }
            let name = String(part[..<range.lowerBound]).trimmingSpaces
            try Gate.requireKnown(name, known: known, flag: "--fail-on")
            let number = String(part[range.upperBound...]).trimmingSpaces
            guard let value = Double(number), value.isFinite else {
                throw LLMBenchError.usage("--fail-on: threshold \"\(number)\" of \(name) is not a number")
            }
            return FailOnRule(metric: name, comparison: op, threshold: value)
        }
    }

    /// Every (model, dataset) group × rule that trips; the run passes when this is empty.
    public static func check(_ rules: [FailOnRule], _ analysis: RunAnalysis) -> [FailOnViolation] {
        analysis.groups.flatMap { g in
            rules.compactMap { rule in
                guard let v = g.value(rule.metric), rule.isViolated(by: v) else { return nil }
                return FailOnViolation(rule: rule, key: g.key, value: v)
            }
        }
    }
}

enum NumberText {
    static func plain(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
}
