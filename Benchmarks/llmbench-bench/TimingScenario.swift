import Foundation
import Simulator

/// Scenario `timing`: the client's TTFT error. An in-process simulator serves a profile whose time to
/// first token is fixed (lognormal sigma 0, median = minimum = `ttftMs`), so any spread in the
/// measured TTFT (firstTokenNs − sentNs) beyond the configured value is measurement error: the
/// client's, plus the simulator's own timer and scheduling error on the same 2 cores (an upper bound).
struct TimingScenario {
    var levels = [1, 64]
    var requests = 320
    var ttftMs: Int64 = 50
    var interTokenMs: Int64 = 5

    func run() throws -> ResultTable {
        let ms: Int64 = 1_000_000
        let profile = LatencyProfile(name: "fixed-ttft", ttftMedianNs: ttftMs * ms, ttftSigma: 0, minTTFTNs: ttftMs * ms,
                                     prefillNsPerToken: 0, interTokenMedianNs: interTokenMs * ms, interTokenSigma: 0,
                                     tokensPerChunk: 1, freeTextTokensMedian: 32)
        let server = SimulatorServer(config: SimulatorConfig(profiles: [profile], timeScale: 1))
        let port = try server.start(host: "127.0.0.1", port: 0)
        defer { server.stop() }
        let model = BenchRun.model("fixed-ttft", port: port)
        let configured = Double(ttftMs * ms)

        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for c in levels {
            let n = c == 1 ? min(requests, 30) : requests
            let r = try BenchRun.execute(model: model, work: try BenchRun.workload(count: n), concurrency: c,
                                         maxDurationNs: 60_000_000_000)
            // The first `c` requests (in send order) also open the connections; report them apart.
            let ordered = r.samples.filter(\.ok).sorted { ($0.sentNs ?? 0) < ($1.sentNs ?? 0) }
            func errors(_ s: ArraySlice<RecordSample>) -> [Int64] {
                s.compactMap { x in
                    guard let sent = x.sentNs, let first = x.firstTokenNs else { return nil }
                    return first - sent - Int64(configured)
                }
            }
            for (label, slice) in [("all", ordered[...]), ("warm (connections open)", ordered.dropFirst(c))] {
                let d = Distribution(errors(slice))
                rows.append([String(c), label, String(d.count), String(r.errors), Fmt.f(Double(ttftMs), 0),
                             Fmt.f(d.min / 1e6, 3), Fmt.f(d.p(0.5) / 1e6, 3), Fmt.f(d.p(0.99) / 1e6, 3), Fmt.f(d.max / 1e6, 3)])
                json.append(["concurrency": Double(c), "warm_only": label == "all" ? 0 : 1, "requests": Double(d.count),
                             "errors": Double(r.errors), "configured_ttft_ms": Double(ttftMs), "ttft_error_ms_min": d.min / 1e6,
                             "ttft_error_ms_p50": d.p(0.5) / 1e6, "ttft_error_ms_p99": d.p(0.99) / 1e6,
                             "ttft_error_ms_max": d.max / 1e6])
            }
        }
        let notes = [
            "In-process simulator, one profile: TTFT fixed at \(ttftMs) ms (sigma 0), then 32 tokens \(interTokenMs) ms apart; closed loop.",
            "error = (firstTokenNs − sentNs) − configured TTFT. It includes the simulator's own timer and scheduling delay "
                + "and the loopback round trip, so it is an upper bound on the client's timing error. "
                + "`warm` leaves out the first request of each stream, which also waits for its TCP connection.",
        ]
        return ResultTable(scenario: "timing", title: "Timing: measured TTFT minus configured TTFT",
                           columns: ["concurrency", "requests counted", "n", "errors", "configured TTFT ms", "error min ms",
                                     "error p50 ms", "error p99 ms", "error max ms"],
                           rows: rows, json: json, notes: notes)
    }
}
