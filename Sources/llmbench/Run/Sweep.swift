import Analysis
import LLMBenchCore
import Scheduler

/// `run --sweep`: one run segment per concurrency, rate or reasoning effort, in order, each stored as
/// its own run labelled `LABEL/concurrency=4`. A load sweep (concurrency, rate) ends early after a
/// segment whose error rate or dispatch lag p99 (worst model) passes its limit, since higher load would
/// only overload further; a `reasoning_effort` sweep never stops early: more thinking is slower by
/// design, and what it buys in quality is the point of the sweep.
struct Sweep: Sendable {
    enum Dimension: String, Sendable { case concurrency, rate, reasoningEffort = "reasoning_effort" }
    var dimension: Dimension
    /// The values as given (numbers for load dimensions, `low|medium|high` for reasoning_effort).
    var values: [String]
    var maxErrorRate: Double
    var maxLagMs: Double

    static func parse(_ text: String, maxErrorRate: Double, maxLagMs: Double) throws -> Sweep {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let dim = Dimension(rawValue: parts[0]) else {
            throw LLMBenchError.usage("--sweep: '\(text)' is not valid (expected concurrency=1,4,16, rate=1,5,10 or reasoning_effort=low,medium,high)")
        }
        let values = try parts[1].split(separator: ",").map { raw -> String in
            let v = raw.trimmingCharacters(in: .whitespaces)
            switch dim {
            case .reasoningEffort:
                guard ReasoningEffort(rawValue: v) != nil else {
                    throw LLMBenchError.usage("--sweep: '\(raw)' is not a reasoning effort (expected low, medium or high)")
                }
            case .rate, .concurrency:
                guard let d = Double(v), d.isFinite,
                      dim == .rate ? (d >= 1e-6 && d <= 1e6) : (d >= 1 && d <= 4096 && d == d.rounded()) else {
                    throw LLMBenchError.usage("--sweep: '\(raw)' is not a valid \(dim.rawValue) (expected \(dim == .rate ? "a number from 0.000001 to 1000000" : "a whole number from 1 to 4096"))")
                }
            }
            return v
        }
        guard !values.isEmpty, values.count <= 64 else { throw LLMBenchError.usage("--sweep: give 1 to 64 values") }
        return Sweep(dimension: dim, values: values, maxErrorRate: maxErrorRate, maxLagMs: maxLagMs)
    }

    func execute(base: RunOptions) throws -> ExitCode {
        var worst = ExitCode.ok
        for (i, raw) in values.enumerated() {
            var o = base
            var text = raw
            switch dimension {
            case .concurrency:
                o.concurrency = Int(Double(raw)!)
                text = "\(o.concurrency)"
            case .rate:
                let v = Double(raw)!
                text = "\(v)"
                o.rate = v
                switch base.profile {
                case .poisson: o.profile = .poisson(ratePerSecond: v)
                case .constant: o.profile = .constant(ratePerSecond: v)
                case .concurrent: o.profile = .concurrent
                }
            case .reasoningEffort:
                o.reasoningEffort = ReasoningEffort(rawValue: raw)
            }
            o.label = "\(base.label ?? "sweep")/\(dimension.rawValue)=\(text)"
            if !o.quiet { Console.note("llmbench: sweep segment \(i + 1)/\(values.count): \(dimension.rawValue)=\(text)") }
            let result = try RunSession(options: o).executeRun()
            if result.code.isStopSignal { return result.code }
            if result.code == .regression { worst = .regression }
            guard dimension != .reasoningEffort, let a = result.analysis else { continue }
            let errorRate = a.modelTotals.compactMap(\.errorRate).max() ?? 0
            let lag = a.modelTotals.compactMap { $0.value(.dispatchLagMs, .p99) }.max() ?? 0
            if errorRate > maxErrorRate || lag > maxLagMs {
                Console.note("llmbench: sweep stopped after \(dimension.rawValue)=\(text): error rate \(errorRate), dispatch lag p99 \(lag) ms (limits \(maxErrorRate), \(maxLagMs) ms)")
                break
            }
        }
        return worst
    }
}
