import Analysis
import LLMBenchCore

/// What `llmbench compare` has to report: a comparison, or the first night's "no baseline yet".
public enum CompareOutcome: Sendable, Equatable {
    case compared(RunComparison)
    /// The baseline reference named a baseline that is not set yet: nothing to compare, exit 0.
    case noBaseline(reference: String, candidate: RunInfo?)

    /// True unless a gated metric regressed (or was inconclusive under `--inconclusive fail`).
    public var passed: Bool {
        if case .compared(let c) = self { return c.passed }
        return true
    }

    /// The sentence every format carries on the first night.
    public static func noBaselineMessage(_ reference: String) -> String {
        "no baseline '\(reference)' yet: nothing to compare"
    }
}

/// The output formats of `llmbench compare`: one renderer file each.
public enum CompareFormat: String, Sendable, CaseIterable {
    case markdown
    case json
    case junit
    /// One self-contained page with charts (`CompareHTML`).
    case html

    /// Parses a `--format` value; a bad value is a usage error (exit 64) listing the valid ones.
    public static func parse(_ text: String) throws -> CompareFormat {
        guard let f = CompareFormat(rawValue: text.lowercased()) else {
            throw LLMBenchError.usage("--format: unknown format \"\(text)\" for compare (valid: "
                                      + allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return f
    }

    /// Renders `outcome`; `all` adds every ungated row to the Markdown (JSON always has them all,
    /// JUnit only the gated checks).
    /// `baseline`/`candidate`: the analyses whose distributions the HTML page overlays (other formats ignore them).
    public func render(_ outcome: CompareOutcome, all: Bool = false, baseline: RunAnalysis? = nil, candidate: RunAnalysis? = nil) -> String {
        switch self {
        case .html: return CompareHTML.render(outcome, baseline: baseline, candidate: candidate)
        case .markdown: return CompareMarkdown.render(outcome, all: all)
        case .json: return CompareJSON.render(outcome)
        case .junit: return CompareJUnit.render(outcome)
        }
    }
}

/// Display helpers shared by the compare renderers (rounding only happens here and in `NumberFormatting`).
enum CompareText {
    /// A confidence level as a percentage with up to 4 significant decimals, e.g. `95%`, `99.1667%`.
    static func percent(_ level: Double) -> String {
        var s = NumberFormatting.display(level * 100, unit: MetricUnit(rawValue: "level"))
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s + "%"
    }

    /// A signed value in the metric's display precision, e.g. `+36.0`.
    static func signed(_ v: Double, unit: MetricUnit) -> String {
        let s = NumberFormatting.display(v, unit: unit)
        return s.hasPrefix("-") || s == NumberFormatting.display(0, unit: unit) ? s : "+" + s
    }

    /// A signed fraction as a percentage with one decimal, e.g. `+30.0%`.
    static func signedPercent(_ f: Double) -> String {
        signed(f * 100, unit: .ms) + "%"
    }

    /// The interval the verdict used, in one unit: `[+25.1%, +35.2%]` for a relative rule,
    /// `[+0.0010, +0.0200]` in the metric's unit otherwise.
    static func interval(_ row: MetricComparison) -> String {
        guard row.absoluteInterval != nil else { return NumberFormatting.noValue }
        return row.changeUnit.intervalWithUnit(row.judgedInterval)
    }

    /// The change, e.g. `+36.0 ms (+30.0%)`; costs in µ$ or $, never `0.000000`.
    static func change(_ row: MetricComparison) -> String {
        guard let c = row.change else { return NumberFormatting.noValue }
        let unit = DisplayUnit.column(row.definition.unit, magnitude: row.magnitude)
        var s = unit.signed(c)
        if row.definition.unit != .count { s += " " + unit.label }
        if let r = row.relativeChange { s += " (\(signedPercent(r)))" }
        return s
    }

    /// A verdict as a word (`no value` for `noValue`).
    static func word(_ v: Verdict) -> String { v == .noValue ? "no value" : v.rawValue }

    /// "about 310 requests per group (now 40) would resolve it", or why none would.
    static func resolveText(_ row: MetricComparison) -> String {
        if let n = row.requestsToResolve {
            return "about \(n) requests per group (now \(row.candidateCount ?? 0)) would resolve it"
        }
        if row.method != .bootstrap { return "a point change: more requests do not narrow it" }
        return "the change sits on the threshold: no request count resolves it"
    }

    /// A group's name, e.g. `gpt-4o-mini / qa`.
    static func group(_ key: GroupKey) -> String { key.model + " / " + (key.dataset ?? "all datasets") }

    /// A run in one line: id, label, start time.
    static func run(_ r: RunInfo) -> String {
        var s = r.id
        if let label = r.label { s += " (label \(label))" }
        return s + ", started \(r.startedAt)"
    }

    /// One sentence giving a gated row's verdict and why, for JUnit and logs.
    static func regressionMessage(_ row: MetricComparison) -> String {
        let rule = row.gate.map(\.text) ?? row.definition.name
        let unit = DisplayUnit.column(row.definition.unit, magnitude: row.magnitude)
        let level = row.confidence.map { " at \(percent($0)) confidence" } ?? " (point change, no per-request values)"
        var s = "\(row.definition.name) \(word(row.verdict)) on \(group(row.key)): \(unit.format(row.baseline)) → "
            + "\(unit.format(row.candidate)) \(unit.label), change \(change(row)), interval \(interval(row))\(level); gate \(rule)"
        if row.verdict == .inconclusive { s += "; the interval straddles the threshold: " + resolveText(row) }
        return s
    }
}
