import Analysis
import Foundation
import LLMBenchCore
import Report

/// `llmbench compare`: two runs metric by metric, with bootstrap intervals and an optional gate.
struct CompareCommand: Command {
    static let name = "compare"
    static let abstract = "Compare two runs metric by metric and fail (exit 1) when a gated metric regressed."
    static let inconclusiveOption = "inconclusive"
    static let allOption = "all"
    static let allowDifferentOption = "allow-different"
    static let planOption = "plan"
    static let detectOption = "detect"
    static let usage = "--baseline REF [--candidate REF] [--gate SPEC] [options]"
    static let options: [OptionSpec] = [
        .value("baseline", "REF", "The reference: a baseline name (e.g. last-good), latest, a run id or 8+ character prefix, a label, PATH.sqlite or PATH.sqlite#REF; several runs with NAME~K (the last K runs marked NAME, e.g. last-good~7) or 'LABEL-*'~Nd / ~Nh / ~K, so intervals include night-to-night variation."),
        .value("candidate", "REF", "The run to judge (same forms; default: latest)."),
        .value("gate", "SPEC", "Gated metrics, comma-separated: METRIC<=+15% (may rise at most 15%), METRIC>=-0.02 (may fall at most 0.02 in its unit)."),
        .value(inconclusiveOption, "POLICY", "What an inconclusive gated check (its interval straddles the threshold) does: fail, warn (default: pass with a warning) or pass."),
        .flag(allOption, "Markdown: also show every ungated comparison (judged by the same rule)."),
        .flag(planOption, "Before the night: read --baseline (NAME~K or 'LABEL-*'~Nd for several runs) and print, per gated metric and group, the smallest change the gate catches in 90% of nights and the requests per group it needs; compares nothing."),
        .value(detectOption, "CHANGE", "With --plan: the change to catch in 90% of nights, e.g. +30% (default: twice each gate's threshold)."),
        .flag(allowDifferentOption, "Compare runs that are not like with like (open vs closed loop, other dataset contents, simulated vs real) instead of exit 65; the report lists the differences."),
        .value("format", "FORMAT", "markdown (default), json or junit."),
        .value("out", "FILE", "Write the output to FILE instead of stdout."),
        .value("db", "PATH", "The database for references that name no file (default: \(DefaultDatabase.path))."),
        .value("confidence", "LEVEL", "Family confidence level, in (0, 1) (default 0.95); gated intervals get its Bonferroni adjustment."),
        .value("seed", "N", "Seed of the bootstrap (default \(defaultSeed))."),
        .value("resamples", "N", "Bootstrap resamples, 100 to 100000 (default 2000)."),
    ]
    static let discussion = """
    For each model × dataset in both runs: TTFT, e2e and ITL percentiles, output speed, error rate and
    any cost or quality metric, each with baseline, candidate, change, an interval of the change and a
    verdict: regressed (the whole interval is beyond the threshold on the worse side), improved (the
    whole interval is on the better side of 0), ok (the whole interval is within the threshold) or
    inconclusive (the interval straddles the threshold: the data cannot tell; the report estimates how
    many requests per group would resolve it). Ungated metrics are judged the same way against the
    threshold of a gate on the same quantity, else ±10%, and shown only with --all.
    Models or datasets in one run only are listed.

    Exit codes: 0 pass (also when the baseline is not set yet), 1 a gated metric regressed (or was
    inconclusive under --inconclusive fail),
    64 bad arguments or gate (the message lists the metric names), 65 not an llmbench database or
    runs that are not like with like (open vs closed loop, different dataset contents, simulated vs
    real; --allow-different compares them anyway; rate, concurrency, model parameters and price
    catalogs only warn),
    66 a missing database or run.

    EXAMPLES:
      llmbench compare --baseline last-good --candidate latest \\
        --gate "ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,error_rate<=+0.01" --format markdown >> "$GITHUB_STEP_SUMMARY"
      llmbench compare --baseline nightly-2025-01-01 --candidate nightly-2025-01-02 --format json --out cmp.json
      llmbench compare --baseline old.sqlite#last-good --candidate new.sqlite --gate "ttft_ms_p50<=+10%" --format junit --out compare.xml
    """
    static let defaultSeed: UInt64 = 0x6C6C_6D62

    let runner: CompareRunner
    /// Set with `--plan`: print the plan instead of comparing.
    let plan: PlanRunner?
    let format: CompareFormat
    let out: String?
    let all: Bool

    init(_ args: Arguments) throws {
        guard let baselineText = args.string("baseline") else {
            throw LLMBenchError.usage("llmbench compare: --baseline REF is required (e.g. --baseline last-good)")
        }
        guard args.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench compare: unexpected argument '\(args.positionals[0])' (runs are given with --baseline and --candidate)")
        }
        let db = args.string("db") ?? DefaultDatabase.path
        format = try args.string("format").map(CompareFormat.parse) ?? .markdown
        out = args.string("out")
        all = args.has(Self.allOption)
        let policy = try args.string(Self.inconclusiveOption).map(InconclusivePolicy.parse) ?? .warn
        let level = try args.double("confidence", min: 0, exclusiveMin: true) ?? 0.95
        guard level < 1 else { throw LLMBenchError.usage("--confidence: '\(level)' is not valid (expected a number between 0 and 1, e.g. 0.95)") }
        let seed: UInt64
        if let s = args.string("seed") {
            guard let v = UInt64(s) else { throw LLMBenchError.usage("--seed: '\(s)' is not valid (expected a whole number ≥ 0)") }
            seed = v
        } else { seed = Self.defaultSeed }
        if let g = args.string("gate"), g.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LLMBenchError.usage("--gate: no rules given (e.g. ttft_ms_p95<=+15%)")
        }
        runner = CompareRunner(baseline: RunReference.parse(baselineText, defaultDatabase: db),
                               candidate: RunReference.parse(args.string("candidate") ?? "latest", defaultDatabase: db),
                               gateText: args.string("gate"), level: level,
                               resamples: try args.int("resamples", min: 100, max: 100_000) ?? 2000, seed: seed,
                               inconclusive: policy, allowDifferent: args.has(Self.allowDifferentOption))
        if args.has(Self.planOption) {
            guard let gate = args.string("gate") else {
                throw LLMBenchError.usage("llmbench compare --plan: give the gate to plan for with --gate (e.g. --gate \"e2e_ms_p95<=+15%\")")
            }
            var detect: Double?
            if let d = args.string(Self.detectOption) {
                var t = d.trimmingCharacters(in: .whitespaces)
                if t.hasSuffix("%") { t.removeLast() }
                guard d.hasSuffix("%"), let v = Double(t), v.isFinite, v > 0, v <= 1000 else {
                    throw LLMBenchError.usage("--\(Self.detectOption): '\(d)' is not valid (expected a relative change above 0% and at most 1000%, e.g. +30%)")
                }
                detect = v / 100
            }
            plan = PlanRunner(baseline: RunReference.parse(baselineText, defaultDatabase: db), gateText: gate, level: level,
                              seed: seed, target: detect)
        } else {
            plan = nil
            if args.string(Self.detectOption) != nil {
                throw LLMBenchError.usage("--\(Self.detectOption) only applies with --plan")
            }
        }
    }

    func run() throws -> ExitCode {
        if let plan {
            let (runs, rows, skipped) = try plan.rows()
            try Console.emit(GatePlanMarkdown.render(baseline: plan.baseline.text, runs: runs.count, rows: rows, skipped: skipped), to: out)
            return .ok
        }
        let outcome = try runner.outcome()
        try Console.emit(format.render(outcome, all: all), to: out)
        switch outcome {
        case .noBaseline(let ref, _):
            Console.note(CompareOutcome.noBaselineMessage(ref) + " (exit 0)")
            return .ok
        case .compared(let c):
            if c.inconclusivePolicy == .warn, !c.inconclusive.isEmpty {
                Console.warn("\(c.inconclusive.count) gated check(s) inconclusive (the interval straddles the threshold): "
                             + c.inconclusive.map { "\($0.definition.name) on \($0.key.model)/\($0.key.dataset ?? "all")" }
                                 .joined(separator: ", ") + "; not failing (--inconclusive fail would)")
            }
            if out != nil || format != .markdown {
                Console.note("compare: " + (c.passed ? "PASS" : "FAIL: \(c.regressions.count) gated metric(s) regressed"))
            }
            return c.passed ? .ok : .regression
        }
    }
}
