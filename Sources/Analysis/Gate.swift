import LLMBenchCore

/// One `--gate` rule: a metric from the list, the direction that counts as worse, and how far.
///
/// Syntax (issue 7): `<metric><=<threshold>` or `<metric>>=<threshold>`, rules separated by commas.
/// `<=` means the metric may rise by at most the threshold (higher is worse); `>=` that it may fall
/// by at most it (lower is worse, so the threshold is usually negative). A threshold ending in `%`
/// is relative to the baseline (`+15%` = +0.15 × baseline); a plain signed number is an absolute
/// change in the metric's unit (`+0.01`).
public struct GateRule: Sendable, Equatable {
    public enum Bound: String, Sendable { case atMost = "<=", atLeast = ">=" }
    public var metric: String
    public var bound: Bound
    /// The threshold as a fraction when `relative` (15% → 0.15), else in the metric's unit.
    public var threshold: Double
    public var relative: Bool
    /// The rule as written back, e.g. `ttft_ms_p95<=+15%`.
    public var text: String { "\(metric)\(bound.rawValue)\(Gate.signed(relative ? threshold * 100 : threshold))\(relative ? "%" : "")" }
}

/// How one comparison came out, as issue 7 defines it.
public enum Verdict: String, Sendable {
    /// The whole interval lies beyond the threshold in the worse direction.
    case regressed
    /// The whole interval lies on the better side of zero.
    case improved
    /// Anything else.
    case unchanged
    /// The metric has no value in one of the runs, so nothing can be said.
    case noValue = "no_value"
}

/// Parsing `--gate` and classifying changes (pure).
public enum Gate {
    /// Parses `ttft_ms_p95<=+15%,error_rate<=+0.01,…`; a bad rule is a usage error (exit 64) that
    /// lists the valid metric names. `known` is the metric list (the catalog plus cost/quality names).
    public static func parse(_ text: String, known: [String] = MetricCatalog.names) throws -> [GateRule] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard !text.trimmingSpaces.isEmpty else { throw LLMBenchError.usage("--gate: no rules given (e.g. ttft_ms_p95<=+15%)") }
        return try parts.map { part in
            let bound: GateRule.Bound
            let pieces: [Substring]
            if part.contains("<=") { bound = .atMost; pieces = part.split(separator: "<=", omittingEmptySubsequences: false) }
            else if part.contains(">=") { bound = .atLeast; pieces = part.split(separator: ">=", omittingEmptySubsequences: false) }
            else { throw LLMBenchError.usage("--gate: rule \"\(part)\" needs <= or >= (e.g. ttft_ms_p95<=+15% or rougeL_mean>=-0.02)") }
            guard pieces.count == 2 else { throw LLMBenchError.usage("--gate: rule \"\(part)\" has more than one comparison") }
            let name = String(pieces[0]).trimmingSpaces
            try requireKnown(name, known: known, flag: "--gate")
            var number = String(pieces[1]).trimmingSpaces
            let relative = number.hasSuffix("%")
            if relative { number.removeLast() }
            guard let value = Double(number), value.isFinite else {
                throw LLMBenchError.usage("--gate: threshold \"\(pieces[1])\" of \(name) is not a number (e.g. +15% or +0.01)")
            }
            return GateRule(metric: name, bound: bound, threshold: relative ? value / 100 : value, relative: relative)
        }
    }

    /// Bonferroni: each of `comparisons` intervals gets confidence 1 − (1 − level) / comparisons, so the
    /// family of them holds at `level`.
    public static func adjustedConfidence(level: Double = 0.95, comparisons: Int) -> Double {
        1 - (1 - level) / Double(max(comparisons, 1))
    }

    /// Classifies a change interval against a rule: regressed when the whole interval is past the
    /// threshold on the worse side, improved when it is wholly on the better side of zero.
    public static func classify(_ interval: Interval, _ rule: GateRule) -> Verdict {
        switch rule.bound {
        case .atMost:
            if interval.lower > rule.threshold { return .regressed }
            if interval.upper < 0 { return .improved }
        case .atLeast:
            if interval.upper < rule.threshold { return .regressed }
            if interval.lower > 0 { return .improved }
        }
        return .unchanged
    }

    /// The same classification for a metric compared without a gate: threshold 0 in its worse direction
    /// (`.unchanged` for neutral metrics).
    public static func classify(_ interval: Interval, direction: MetricDirection, relative: Bool = false) -> Verdict {
        switch direction {
        case .lowerIsBetter: return classify(interval, GateRule(metric: "", bound: .atMost, threshold: 0, relative: relative))
        case .higherIsBetter: return classify(interval, GateRule(metric: "", bound: .atLeast, threshold: 0, relative: relative))
        case .neutral: return .unchanged
        }
    }

    static func requireKnown(_ name: String, known: [String], flag: String) throws {
        guard known.contains(name) else {
            throw LLMBenchError.usage("\(flag): unknown metric \"\(name)\"; valid metrics: \(known.joined(separator: ", "))")
        }
    }

    static func signed(_ v: Double) -> String {
        let text = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        return v >= 0 ? "+" + text : text
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
