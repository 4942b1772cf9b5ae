import Analysis
import LLMBenchCore
import Scheduler

/// `run --sweep`: one run segment per concurrency or rate, in order, each stored as its own run
/// labelled `LABEL/concurrency=4`; the sweep ends early after a segment whose error rate or dispatch
/// lag p99 (worst model) passes its limit, since higher load would only overload further.
struct Sweep: Sendable {
    enum Dimension: String, Sendable { case concurrency, rate }
    var dimension: Dimension
    var values: [Double]
    var maxErrorRate: Double
    var maxLagMs: Double

    static func parse(_ text: String, maxErrorRate: Double, maxLagMs: Double) throws -> Sweep {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let dim = Dimension(rawValue: parts[0]) else {
            throw LLMBenchError.usage("--sweep: '\(text)' is not valid (expected concurrency=1,4,16 or rate=1,5,10)")
        }
        let values = try parts[1].split(separator: ",").map { raw -> Double in
            guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite,
                  dim == .rate ? (v >= 1e-6 && v <= 1e6) : (v >= 1 && v <= 4096 && v == v.rounded()) else {
                throw LLMBenchError.usage("--sweep: '\(raw)' is not a valid \(dim.rawValue) (expected \(dim == .rate ? "a number from 0.000001 to 1000000" : "a whole number from 1 to 4096"))")
            }
            return v
        }
        guard !values.isEmpty, values.count <= 64 else { throw LLMBenchError.usage("--sweep: give 1 to 64 values") }
        return Sweep(dimension: dim, values: values, maxErrorRate: maxErrorRate, maxLagMs: maxLagMs)
    }

    func execute(base: RunOptions) throws -> ExitCode {
        var worst = ExitCode.ok
        for (i, v) in values.enumerated() {
            var o = base
            let text = dimension == .rate ? "\(v)" : "\(Int(v))"
            o.label = "\(base.label ?? "sweep")/\(dimension.rawValue)=\(text)"
            switch dimension {
            case .concurrency: o.concurrency = Int(v)
            case .rate:
                o.rate = v
                switch base.profile {
                case .poisson: o.profile = .poisson(ratePerSecond: v)
                case .constant: o.profile = .constant(ratePerSecond: v)
                case .concurrent: o.profile = .concurrent
                }
            }
            if !o.quiet { Console.note("llmbench: sweep segment \(i + 1)/\(values.count): \(dimension.rawValue)=\(text)") }
            let result = try RunSession(options: o).executeRun()
            if result.code.isStopSignal { return result.code }
            if result.code == .regression { worst = .regression }
            guard let a = result.analysis else { continue }
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
