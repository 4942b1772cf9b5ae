import Foundation

/// Scenario `limiter`: how close the runner's token bucket (`RunPlan.ratePerSecond`, burst 1) keeps
/// the send rate to its target, closed loop at concurrency 64 against the instant simulator.
///
/// achieved(sent) = (n − 1) / (last sentNs − first sentNs); achieved(intended) the same over
/// intendedStartNs; ratio = achieved / target; dispatch lag = sentNs − intendedStartNs (p50, p99, max).
struct LimiterScenario {
    var rates: [Double] = [50, 200, 1_000]
    var seconds: Double = 4

    func run() throws -> ResultTable {
        let sim = try SimulatorProcess()
        defer { sim.stop() }
        let model = BenchRun.model("instant", port: sim.port)
        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for rate in rates {
            let count = Int(rate * seconds) + 1
            let work = try BenchRun.workload(count: count)
            let r = try BenchRun.execute(model: model, work: work, concurrency: 64, ratePerSecond: rate,
                                         maxDurationNs: Int64((seconds * 3 + 5) * 1e9))
            let sent = r.samples.compactMap(\.sentNs).sorted()
            let intended = r.samples.map(\.intendedStartNs).sorted()
            func achieved(_ t: [Int64]) -> Double {
                guard t.count > 1, let a = t.first, let b = t.last, b > a else { return .nan }
                return Double(t.count - 1) / (Double(b - a) / 1e9)
            }
            let aSent = achieved(sent), aIntended = achieved(intended)
            // Spacing of consecutive sends, to compare with 1 / target.
            let gaps = Distribution(zip(sent.dropFirst(), sent).map { $0 - $1 })
            let lag = Distribution(r.samples.compactMap { s in s.sentNs.map { $0 - s.intendedStartNs } })
            rows.append([Fmt.f(rate, 0), String(r.requests), String(r.errors), Fmt.f(aSent, 2), Fmt.f(aSent / rate, 4),
                         Fmt.f(aIntended, 2), Fmt.f(aIntended / rate, 4), Fmt.f(1e3 / rate, 3),
                         Fmt.f(gaps.p(0.5) / 1e6, 3), Fmt.f(gaps.p(0.99) / 1e6, 3),
                         Fmt.f(lag.p(0.5) / 1e6, 3), Fmt.f(lag.p(0.99) / 1e6, 3), Fmt.f(lag.max / 1e6, 3)])
            json.append(["target_per_s": rate, "requests": Double(r.requests), "errors": Double(r.errors),
                         "achieved_sent_per_s": aSent, "ratio_sent": aSent / rate,
                         "achieved_intended_per_s": aIntended, "ratio_intended": aIntended / rate,
                         "target_gap_ms": 1e3 / rate, "send_gap_ms_p50": gaps.p(0.5) / 1e6, "send_gap_ms_p99": gaps.p(0.99) / 1e6,
                         "dispatch_lag_ms_p50": lag.p(0.5) / 1e6, "dispatch_lag_ms_p99": lag.p(0.99) / 1e6,
                         "dispatch_lag_ms_max": lag.max / 1e6])
        }
        let slack = TimerSlack.mainThreadNs().map { "\($0) ns" } ?? "unknown"
        let notes = [
            "Closed loop, concurrency 64, RunPlan.ratePerSecond = target, burst 1, \(Int(seconds)) s of requests per target "
                + "(target × \(Int(seconds)) + 1), model `instant` on a separate `llmbench simulate --time-scale 0`. "
                + "Timer slack of the scheduling thread: \(slack).",
            "achieved = (n − 1) / (last − first) over the records' sentNs (when the transport got the request) and intendedStartNs "
                + "(when the limiter allowed it); send gap = time between consecutive sentNs; dispatch lag = sentNs − intendedStartNs.",
        ]
        return ResultTable(scenario: "limiter", title: "Limiter: achieved vs target rate",
                           columns: ["target req/s", "requests", "errors", "achieved (sent) req/s", "ratio (sent)",
                                     "achieved (intended) req/s", "ratio (intended)", "target gap ms", "send gap p50 ms", "send gap p99 ms", "lag p50 ms", "lag p99 ms", "lag max ms"],
                           rows: rows, json: json, notes: notes)
    }
}
