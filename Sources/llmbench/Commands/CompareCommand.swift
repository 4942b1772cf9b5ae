import Analysis
import Foundation
import LLMBenchCore
import Report

/// `llmbench compare`: two runs metric by metric, with bootstrap intervals and an optional gate.
struct CompareCommand: Command {
    static let name = "compare"
    static let abstract = "Compare two runs metric by metric and fail (exit 1) when a gated metric regressed."
    static let usage = "--baseline REF [--candidate REF] [--gate SPEC] [options]"
    static let options = Options()

    struct Options: OptionGroup {
        let baseline = Opt.string("baseline", "REF", "The reference (required): a baseline name (e.g. last-good), latest, a run id or 8+ character prefix, a label, PATH.sqlite or PATH.sqlite#REF; several runs with NAME~K (the last K runs marked NAME, e.g. last-good~7) or 'LABEL-*'~Nd / ~Nh / ~K, so intervals include night-to-night variation.")
        let candidate = Opt.string("candidate", "REF", default: "latest", "The run to judge (same forms).")
        let gate = Opt.string("gate", "SPEC", "Gated metrics, comma-separated: METRIC<=+15% (may rise at most 15%), METRIC>=-0.02 (may fall at most 0.02 in its unit).")
        let inconclusive = Opt.choice("inconclusive", "POLICY", default: InconclusivePolicy.warn,
                                      "What an inconclusive gated check (its interval straddles the threshold) does: fail, warn (pass with a warning) or pass.")
        let all = Opt.flag("all", "Markdown: also show every ungated comparison (judged by the same rule).")
        let plan = Opt.flag("plan", "Before the night: read --baseline (NAME~K or 'LABEL-*'~Nd for several runs) and print, per gated metric and group, the smallest change the gate catches in 90% of nights and the requests per group it needs; compares nothing.")
        let detect = Opt.string("detect", "CHANGE", "With --plan: the change to catch in 90% of nights, e.g. +30%. Default: twice each gate's threshold.")
        let allowDifferent = Opt.flag("allow-different", "Compare runs that are not like with like (open vs closed loop, other dataset contents, simulated vs real) instead of exit 65; the report lists the differences.")
        let format = FormatOptions(default: CompareFormat.markdown)
        let out = OutputOptions()
        let database = DatabaseOptions("The database for references that name no file.")
        let confidence = Opt.double("confidence", "LEVEL", default: 0.95, min: 0, exclusiveMin: true, max: 1,
                                    "Family confidence level, in (0, 1); gated intervals get its Bonferroni adjustment.")
        let seed = Opt.uint64("seed", default: CompareCommand.defaultSeed, "Seed of the bootstrap.")
        let resamples = Opt.int("resamples", default: 2000, in: 100...100_000, "Bootstrap resamples.")
    }

    static let exitCodes = [
        ExitCodeHelp(.ok, "pass (also when the baseline is not set yet: the first night)"),
        ExitCodeHelp(.regression, "a gated metric regressed (or was inconclusive under --inconclusive fail)"),
        ExitCodeHelp(.usage, "bad arguments or gate (the message lists the metric names)"),
        ExitCodeHelp(.dataError, "not an llmbench database, or runs that are not like with like (open vs closed loop, different dataset contents, simulated vs real; --allow-different compares them anyway; rate, concurrency, model parameters and price catalogs only warn)"),
        ExitCodeHelp(.noInput, "a missing database, run or baseline (other than an unset baseline)"),
        .software, .io,
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

    EXAMPLES:
      llmbench compare --baseline last-good --candidate latest \\
        --gate "ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,error_rate<=+0.01" --format markdown >> "$GITHUB_STEP_SUMMARY"
      llmbench compare --baseline nightly-2025-01-01 --candidate nightly-2025-01-02 --format json --out cmp.json
      llmbench compare --baseline old.sqlite#last-good --candidate new.sqlite --gate "ttft_ms_p50<=+10%" --format junit --out compare.xml
      llmbench compare --baseline last-good --candidate latest --format html --out compare.html   # charts: intervals, distributions
    """
    static let defaultSeed: UInt64 = 0x6C6C_6D62

    let runner: CompareRunner
    /// Set with `--plan`: print the plan instead of comparing.
    let plan: PlanRunner?
    let format: CompareFormat
    let out: String?
    let all: Bool

    init(_ args: Arguments) throws {
        let o = Self.options
        guard let baselineText = try args.value(o.baseline) else {
            throw LLMBenchError.usage("llmbench compare: --\(o.baseline.spec.name) REF is required (e.g. --baseline last-good)")
        }
        guard args.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench compare: unexpected argument '\(args.positionals[0])' (runs are given with --baseline and --candidate)")
        }
        let db = try args.value(o.database.db)
        format = try args.value(o.format.format)
        out = try args.value(o.out.out)
        all = args.has(o.all)
        let policy = try args.value(o.inconclusive)
        let level = try args.value(o.confidence)
        guard level < 1 else { throw LLMBenchError.usage("--\(o.confidence.spec.name): '\(level)' is not valid (expected a number between 0 and 1, e.g. 0.95)") }
        let seed = try args.value(o.seed)
        let gateText = try args.value(o.gate)
        if let g = gateText, g.trimmingCharacters(in: .whitespaces).isEmpty {
            throw LLMBenchError.usage("--\(o.gate.spec.name): no rules given (e.g. ttft_ms_p95<=+15%)")
        }
        runner = CompareRunner(baseline: RunReference.parse(baselineText, defaultDatabase: db),
                               candidate: RunReference.parse(try args.value(o.candidate), defaultDatabase: db),
                               gateText: gateText, level: level,
                               resamples: try args.value(o.resamples), seed: seed,
                               inconclusive: policy, allowDifferent: args.has(o.allowDifferent))
        if args.has(o.plan) {
            guard let gate = gateText else {
                throw LLMBenchError.usage("llmbench compare --plan: give the gate to plan for with --gate (e.g. --gate \"e2e_ms_p95<=+15%\")")
            }
            var detect: Double?
            if let d = try args.value(o.detect) {
                var t = d.trimmingCharacters(in: .whitespaces)
                if t.hasSuffix("%") { t.removeLast() }
                guard d.hasSuffix("%"), let v = Double(t), v.isFinite, v > 0, v <= 1000 else {
                    throw LLMBenchError.usage("--\(o.detect.spec.name): '\(d)' is not valid (expected a relative change above 0% and at most 1000%, e.g. +30%)")
                }
                detect = v / 100
            }
            plan = PlanRunner(baseline: RunReference.parse(baselineText, defaultDatabase: db), gateText: gate, level: level,
                              seed: seed, target: detect)
        } else {
            plan = nil
            if args.given(o.detect) {
                throw LLMBenchError.usage("--\(o.detect.spec.name) only applies with --\(o.plan.spec.name)")
            }
        }
    }

    func run() throws -> ExitCode {
        if let plan {
            let (runs, rows, skipped) = try plan.rows()
            try Console.emit(GatePlanMarkdown.render(baseline: plan.baseline.text, runs: runs.count, rows: rows, skipped: skipped), to: out)
            return .ok
        }
        let (outcome, baselineAnalysis, candidateAnalysis) = try runner.evaluate()
        try Console.emit(format.render(outcome, all: all, baseline: baselineAnalysis, candidate: candidateAnalysis), to: out)
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
