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

/// How one comparison came out (issue 12: four honest verdicts).
///
/// All four read the interval of the change against the threshold `t` of the rule (0 on the better
/// side): `regressed` and `ok` say the data can tell, `inconclusive` says it cannot.
public enum Verdict: String, Sendable {
    /// The whole interval lies beyond the threshold on the worse side.
    case regressed
    /// The whole interval lies on the better side of zero.
    case improved
    /// The whole interval lies within the threshold (and not wholly on the better side of zero).
    case ok
    /// The interval straddles the threshold: the data cannot tell a regression from none.
    case inconclusive
    /// The metric has no value in one of the runs, so nothing can be said.
    case noValue = "no_value"
}

/// What `--inconclusive` does with gated checks whose interval straddles the threshold.
public enum InconclusivePolicy: String, Sendable, CaseIterable {
    /// Inconclusive gated checks fail the job (exit 1) like regressions.
    case fail
    /// They pass, with a warning naming them (the default).
    case warn
    /// They pass silently (still listed in the report).
    case pass

    /// Parses an `--inconclusive` value; a bad one is a usage error (exit 64) listing the valid ones.
    public static func parse(_ text: String) throws -> InconclusivePolicy {
        guard let p = InconclusivePolicy(rawValue: text.lowercased()) else {
            throw LLMBenchError.usage("--inconclusive: '\(text)' is not valid (expected "
                                      + allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return p
    }
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

    /// Classifies a change interval against a rule (issue 12): regressed when the whole interval is
    /// past the threshold on the worse side, improved when it is wholly on the better side of zero,
    /// ok when it is wholly within the threshold, inconclusive when it straddles the threshold.
    public static func classify(_ interval: Interval, _ rule: GateRule) -> Verdict {
        switch rule.bound {
        case .atMost:
            if interval.lower > rule.threshold { return .regressed }
            if interval.upper < 0 { return .improved }
            if interval.upper <= rule.threshold { return .ok }
        case .atLeast:
            if interval.upper < rule.threshold { return .regressed }
            if interval.lower > 0 { return .improved }
            if interval.lower >= rule.threshold { return .ok }
        }
        return .inconclusive
    }

    /// The same classification for a metric compared without a gate, against `threshold` (a fraction
    /// when `relative`, ≥ 0) in its worse direction. A neutral metric has no worse side: ok when the
    /// whole interval lies within ±threshold, inconclusive otherwise.
    public static func classify(_ interval: Interval, direction: MetricDirection, threshold: Double = 0,
                                relative: Bool = false) -> Verdict {
        switch direction {
        case .lowerIsBetter: return classify(interval, GateRule(metric: "", bound: .atMost, threshold: threshold, relative: relative))
        case .higherIsBetter: return classify(interval, GateRule(metric: "", bound: .atLeast, threshold: -threshold, relative: relative))
        case .neutral: return interval.lower >= -threshold && interval.upper <= threshold ? .ok : .inconclusive
        }
    }

    /// Requests per group (each side) at which an inconclusive interval would no longer straddle the
    /// threshold, assuming the point change stays and the request-sampling part of the interval
    /// shrinks as 1/√n while a fixed part B (night-to-night variation) stays: with `h` the request
    /// part's half-width on the threshold's side and `d` the distance from the point change to the
    /// threshold, √(h² · n/n′ + B²) < d gives n′ = ⌈n · h² / (d² − B²)⌉ (n · (h/d)² with B = 0).
    /// `nil` when d ≤ B (no request count resolves it: the point sits on the threshold, or the nights
    /// alone span it) or the inputs are not usable.
    public static func requestsToResolve(interval: Interval, point: Double, threshold: Double, requests n: Int,
                                         fixedHalfWidth: Double = 0) -> Int? {
        guard n > 0, point.isFinite, interval.lower.isFinite, interval.upper.isFinite, fixedHalfWidth >= 0 else { return nil }
        let distance = abs(point - threshold)
        let half = point < threshold ? interval.upper - point : point - interval.lower
        let room = distance * distance - fixedHalfWidth * fixedHalfWidth
        guard distance > 0, half > 0, room > 0 else { return nil }
        let needed = (Double(n) * half * half / room * (1 - 1e-12)).rounded(.up)
        return needed < 1e9 ? max(Int(needed), n + 1) : nil
    }

    static func requireKnown(_ name: String, known: [String], flag: String) throws {
        guard known.contains(name) else {
            throw LLMBenchError.usage("\(flag): unknown metric \"\(name)\"; valid metrics: \(known.joined(separator: ", "))")
        }
    }

    /// A threshold as written, e.g. `+15`, `-0.02`.
    public static func signedText(_ v: Double) -> String { signed(v) }

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
