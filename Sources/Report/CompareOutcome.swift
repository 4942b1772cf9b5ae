import Analysis
import LLMBenchCore

/// What `llmbench compare` has to report: a comparison, or the first night's "no baseline yet".
public enum CompareOutcome: Sendable, Equatable {
    case compared(RunComparison)
    /// The baseline reference named a baseline that is not set yet: nothing to compare, exit 0.
    case noBaseline(reference: String, candidate: RunInfo?)

    /// True unless a gated metric regressed.
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

    /// Parses a `--format` value; a bad value is a usage error (exit 64) listing the valid ones.
    public static func parse(_ text: String) throws -> CompareFormat {
        guard let f = CompareFormat(rawValue: text.lowercased()) else {
            throw LLMBenchError.usage("--format: unknown format \"\(text)\" for compare (valid: "
                                      + allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return f
    }

    public func render(_ outcome: CompareOutcome) -> String {
        switch self {
        case .markdown: return CompareMarkdown.render(outcome)
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

    /// The interval the verdict used, e.g. `[+25.1%, +35.2%]` or `[+0.0010, +0.0200]`.
    static func interval(_ row: MetricComparison) -> String {
        if row.judgedRelative, let r = row.relativeInterval {
            return "[\(signedPercent(r.lower)), \(signedPercent(r.upper))]"
        }
        guard let a = row.absoluteInterval else { return NumberFormatting.noValue }
        return "[\(signed(a.lower, unit: row.definition.unit)), \(signed(a.upper, unit: row.definition.unit))]"
    }

    /// The change, e.g. `+36.0 (+30.0%)`.
    static func change(_ row: MetricComparison) -> String {
        guard let c = row.change else { return NumberFormatting.noValue }
        var s = signed(c, unit: row.definition.unit)
        if let r = row.relativeChange { s += " (\(signedPercent(r)))" }
        return s
    }

    /// A group's name, e.g. `gpt-4o-mini / qa`.
    static func group(_ key: GroupKey) -> String { key.model + " / " + (key.dataset ?? "all datasets") }

    /// A run in one line: id, label, start time.
    static func run(_ r: RunInfo) -> String {
        var s = r.id
        if let label = r.label { s += " (label \(label))" }
        return s + ", started \(r.startedAt)"
    }

    /// One sentence saying why a gated row failed, for JUnit and logs.
    static func regressionMessage(_ row: MetricComparison) -> String {
        let rule = row.gate.map(\.text) ?? row.definition.name
        let base = NumberFormatting.display(row.baseline, unit: row.definition.unit)
        let cand = NumberFormatting.display(row.candidate, unit: row.definition.unit)
        let level = row.confidence.map { " at \(percent($0)) confidence" } ?? " (point change, no per-request values)"
        return "\(row.definition.name) \(row.verdict.rawValue) on \(group(row.key)): \(base) → \(cand), change \(change(row)), "
            + "interval \(interval(row))\(level); gate \(rule)"
    }
}
