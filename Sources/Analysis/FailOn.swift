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
    /// The group that tripped it; `dataset == nil` for a model's totals.
    public var key: GroupKey
    public var value: Double
    /// The metric's scope: `.model` when it is a per-model figure.
    public var scope: MetricScope = .group
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

    /// Every group × rule that trips; the run passes when this is empty.
    ///
    /// Each rule is checked on every model's totals over all datasets; a rule on a per-group
    /// metric is also checked on each model × dataset group (not twice when a model ran one
    /// dataset, where the two are the same figures). A rule on a per-model figure (throughput,
    /// goodput: `MetricScope.model`) is checked on model totals only, so a rate tuned on a
    /// one-dataset run keeps its meaning on a three-dataset run.
    public static func check(_ rules: [FailOnRule], _ analysis: RunAnalysis) -> [FailOnViolation] {
        var datasetsPerModel: [String: Int] = [:]
        for g in analysis.groups { datasetsPerModel[g.key.model, default: 0] += 1 }
        var out: [FailOnViolation] = []
        for rule in rules {
            let scope = analysis.definitions.first { $0.name == rule.metric }?.scope
                ?? MetricRegistry.definition(named: rule.metric)?.scope ?? .group
            var groups = analysis.modelTotals
            if scope == .group {
                groups = analysis.groups + analysis.modelTotals.filter { (datasetsPerModel[$0.key.model] ?? 0) != 1 }
            }
            for g in groups.sorted(by: { $0.key < $1.key }) {
                guard let v = g.value(rule.metric), rule.isViolated(by: v) else { continue }
                out.append(FailOnViolation(rule: rule, key: g.key, value: v, scope: scope))
            }
        }
        return out
    }
}

extension FailOnViolation {
    /// One line for stderr and JUnit, e.g. `--fail-on requests_per_s<5: gpt-4o (all datasets, per-model
    /// figure over its active window) has 3.2`.
    public var message: String {
        let whereText = key.dataset.map { "on \($0)" }
            ?? (scope == .model ? "(all datasets, per-model figure over its active window)" : "(all datasets)")
        return "--fail-on \(rule.text): \(key.model) \(whereText) has \(NumberText.plain(value))"
    }
}

enum NumberText {
    static func plain(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
}

extension FailOn {
    /// Groups listed per rule in `report(_:_:)` before "and N more".
    public static let groupsPerLine = 3

    /// The lines `run --fail-on` prints: one per tripped rule (its first groups, then how many more),
    /// then why — the most frequent error message of each model that tripped a rule and had failures,
    /// with its hint — so a failed gate names its cause, not only its numbers.
    public static func report(_ violations: [FailOnViolation], _ analysis: RunAnalysis) -> [String] {
        var out: [String] = []
        var rules: [FailOnRule] = []
        for v in violations where !rules.contains(v.rule) { rules.append(v.rule) }
        for rule in rules {
            let hits = violations.filter { $0.rule == rule }
            let shown = hits.prefix(groupsPerLine).map(\.placeText).joined(separator: ", ")
            let more = hits.count > groupsPerLine ? " and \(hits.count - groupsPerLine) more" : ""
            out.append("--fail-on \(rule.text): \(shown)\(more)")
        }
        var models: [String] = []
        for v in violations where !models.contains(v.key.model) { models.append(v.key.model) }
        for m in models {
            guard let f = analysis.group(GroupKey(model: m, dataset: nil))?.failures.first else { continue }
            out.append("  why: \(m): \(f.line)")
            if let h = f.hint { out.append("  hint: \(h)") }
        }
        return out
    }
}

extension FailOnViolation {
    /// `gpt-4o on qa has 0.2`, `gpt-4o (all datasets) has 0.1`.
    var placeText: String {
        "\(key.model) \(key.dataset.map { "on \($0)" } ?? "(all datasets)") has \(NumberText.plain(value))"
    }
}
