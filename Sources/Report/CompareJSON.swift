import Analysis
import LLMBenchCore

/// `llmbench compare` as JSON with stable (sorted) keys; `null` for no value.
///
/// Shape (format 2, issue 12): `{"format_version": 2, "status": "pass"|"fail"|"no_baseline", "passed": bool,
/// "message": string|null, "baseline": run|null, "candidate": run|null, "gate": {"rules": [text],
/// "level", "gated_confidence", "gated_comparisons"}, "bootstrap": {"resamples", "seed"},
/// "groups": [{model, dataset, "metrics": [row]}], "only_in_baseline": [{model, dataset}],
/// "only_in_candidate": [...], "regressions": count, "inconclusive": count (gated),
/// "inconclusive_policy": "fail"|"warn"|"pass"|null, "differences": [{kind, severity: "refuse"|"warn",
/// subject, baseline, candidate}]}`. A row: `{name, label, unit, direction,
/// baseline, candidate, change, relative_change, absolute_interval: [lo, hi]|null,
/// relative_interval: [lo, hi]|null, confidence, method, gate: text|null,
/// criterion: text|null (the rule the verdict read; for ungated rows the informational one),
/// verdict: "regressed"|"improved"|"ok"|"inconclusive"|"no_value", requests_to_resolve: n|null,
/// baseline_count, candidate_count, note}`. Format 1 had the verdict `unchanged` for what is now
/// `ok` or `inconclusive`.
/// Relative values are fractions (0.15 = 15%). `seed` is a string when it exceeds 2^53. On the first
/// night (`status` `no_baseline`) the same keys are present: `baseline`, `gate` and `bootstrap` are
/// `null` and `baseline_reference` names the missing baseline.
public enum CompareJSON {
    public static let formatVersion = 2

    public static func render(_ outcome: CompareOutcome) -> String { document(outcome).serialized() }

    public static func document(_ outcome: CompareOutcome) -> JSONValue {
        switch outcome {
        case .noBaseline(let ref, let candidate):
            return .object([
                "format_version": .number(Double(formatVersion)), "status": .string("no_baseline"), "passed": .bool(true),
                "message": .string(CompareOutcome.noBaselineMessage(ref)), "baseline_reference": .string(ref),
                "baseline": .null, "baseline_runs": .array([]), "night_to_night_accounted": .bool(false),
                "repriced_models": .array([]), "candidate": candidate.map(run) ?? .null, "gate": .null, "bootstrap": .null, "groups": .array([]),
                "only_in_baseline": .array([]), "only_in_candidate": .array([]), "regressions": .number(0),
                "inconclusive": .number(0), "inconclusive_policy": .null, "differences": .array([]),
            ])
        case .compared(let c):
            return .object([
                "format_version": .number(Double(formatVersion)),
                "baseline_reference": .null,
                "status": .string(c.passed ? "pass" : "fail"),
                "passed": .bool(c.passed),
                "message": .null,
                "baseline": run(c.baselineRun),
                "baseline_runs": .array(c.baselineRuns.map(run)),
                "night_to_night_accounted": .bool(c.nightToNightAccounted),
                "repriced_models": .array(c.repriced.map { .string($0) }),
                "candidate": run(c.candidateRun),
                "gate": .object([
                    "rules": .array(c.rules.map { .string($0.text) }),
                    "level": .number(c.level),
                    "gated_confidence": .number(c.gatedConfidence),
                    "gated_comparisons": .number(Double(c.gatedComparisons)),
                ]),
                "bootstrap": .object([
                    "resamples": .number(Double(c.resamples)),
                    "seed": c.seed <= 1 << 53 ? .number(Double(c.seed)) : .string(String(c.seed)),
                ].merging(c.bootstrapSubsampled ? ["subsample_limit": .number(Double(RunComparison.bootstrapSampleLimit))] : [:]) { a, _ in a }
                 .merging(c.orderStatisticDraws ? ["order_statistic_above": .number(Double(Bootstrap.directLimit))] : [:]) { a, _ in a }),
                "groups": .array(c.commonGroups.map { key in
                    .object(["model": .string(key.model), "dataset": .optional(key.dataset),
                             "metrics": .array(c.rows(for: key).map(row))])
                }),
                "only_in_baseline": .array(c.onlyInBaseline.map(group)),
                "only_in_candidate": .array(c.onlyInCandidate.map(group)),
                "regressions": .number(Double(c.regressions.count)),
                "inconclusive": .number(Double(c.inconclusive.count)),
                "inconclusive_policy": .string(c.inconclusivePolicy.rawValue),
                "differences": .array(c.differences.map { d in
                    .object(["kind": .string(d.kind), "severity": .string(d.severity.rawValue), "subject": .string(d.subject),
                             "baseline": .string(d.baseline), "candidate": .string(d.candidate)])
                }),
            ])
        }
    }

    static func row(_ r: MetricComparison) -> JSONValue {
        func pair(_ i: Interval?) -> JSONValue { i.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null }
        return .object([
            "name": .string(r.definition.name), "label": .string(r.definition.label),
            "unit": .string(r.definition.unit.rawValue), "direction": .string(r.definition.direction.rawValue),
            "baseline": .optional(r.baseline), "candidate": .optional(r.candidate),
            "change": .optional(r.change), "relative_change": .optional(r.relativeChange),
            "absolute_interval": pair(r.absoluteInterval), "relative_interval": pair(r.relativeInterval),
            "confidence": .optional(r.confidence), "method": .string(r.method.rawValue),
            "gate": .optional(r.gate?.text), "verdict": .string(r.verdict.rawValue), "note": .optional(r.note),
            "criterion": .optional(r.criterion?.text), "requests_to_resolve": .optional(r.requestsToResolve.map(Double.init)),
            "baseline_count": .optional(r.baselineCount.map(Double.init)),
            "candidate_count": .optional(r.candidateCount.map(Double.init)),
            "baseline_runs": .number(Double(r.baselineRuns)),
            "night_to_night": .optional(r.nightToNight),
        ])
    }

    static func group(_ k: GroupKey) -> JSONValue { .object(["model": .string(k.model), "dataset": .optional(k.dataset)]) }

    static func run(_ r: RunInfo) -> JSONValue {
        .object(["id": .string(r.id), "label": .optional(r.label), "started_at": .string(r.startedAt),
                 "status": .string(r.status.rawValue), "simulated": .bool(r.simulated)])
    }
}
