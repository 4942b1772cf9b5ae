import Foundation

/// Scenario `throughput`: the highest streamed requests/s the runner sustains against the simulator
/// (a separate `llmbench simulate --time-scale 0` process, model `instant`) at several closed-loop
/// concurrencies, with the client's CPU time per request and its peak memory.
///
/// Per level: req/s = completed requests / wall time (runner start → last SQLite commit);
/// client CPU per request = Δ getrusage(RUSAGE_SELF) / requests; transport CPU per request = the
/// curl loop thread's CPU / requests; peak RSS = VmHWM, reset before each level when the kernel allows.
struct ThroughputScenario {
    var levels = [1, 16, 64, 256]
    var maxRequests = 5_000
    var maxDurationNs: Int64 = 20_000_000_000

    func run() throws -> ResultTable {
        let sim = try SimulatorProcess()
        defer { sim.stop() }
        let model = BenchRun.model("instant", port: sim.port)
        let work = try BenchRun.workload(count: maxRequests)
        // A short warm-up level, so page faults of first use are not billed to concurrency 1.
        _ = try BenchRun.execute(model: model, work: Array(work.prefix(200)), concurrency: 4, maxDurationNs: 5_000_000_000,
                                 keepSamples: false)

        var rows: [[String]] = []
        var json: [[String: Double]] = []
        var peakResetWorks = true
        for c in levels {
            peakResetWorks = ProcessMetrics.resetPeak() && peakResetWorks
            let simCPU0 = sim.cpuTimeNs
            let r = try BenchRun.execute(model: model, work: work, concurrency: c, maxDurationNs: maxDurationNs)
            let simCPU = simCPU0.flatMap { s0 in sim.cpuTimeNs.map { $0 - s0 } }
            let peak = ProcessMetrics.peakResidentBytes()
            let n = max(1, r.requests)
            let rps = Double(r.requests) / (Double(r.wallNs) / 1e9)
            let cpuPer = Double(r.processCPUNs) / Double(n)
            let transportPer = r.transportCPUNs.map { Double($0) / Double(n) }
            let outTokens = r.samples.compactMap(\.outputTokens)
            let meanOut = outTokens.isEmpty ? 0 : Double(outTokens.reduce(0, +)) / Double(outTokens.count)
            let simPer = simCPU.map { Double($0) / Double(n) }
            rows.append([String(c), String(r.requests), String(r.errors), Fmt.f(Double(r.wallNs) / 1e9, 2), Fmt.f(rps, 0),
                         Fmt.f(cpuPer / 1e6, 3), transportPer.map { Fmt.f($0 / 1e6, 3) } ?? "n/a",
                         simPer.map { Fmt.f($0 / 1e6, 3) } ?? "n/a", Fmt.f(meanOut, 1), Fmt.mb(peak)])
            var row: [String: Double] = ["concurrency": Double(c), "requests": Double(r.requests), "errors": Double(r.errors),
                                         "wall_s": Double(r.wallNs) / 1e9, "requests_per_s": rps,
                                         "client_cpu_ms_per_request": cpuPer / 1e6, "output_tokens_mean": meanOut]
            if let t = transportPer { row["transport_cpu_ms_per_request"] = t / 1e6 }
            if let s = simPer { row["simulator_cpu_ms_per_request"] = s / 1e6 }
            if let p = peak { row["peak_rss_mb"] = Double(p) / 1_048_576 }
            json.append(row)
        }
        var notes = [
            "Closed loop, model `instant` on `llmbench simulate --port 0 --time-scale 0` (separate process), "
                + "synthetic workload input=128 output≤32 tokens, streamed with usage, records written to a temp SQLite file. "
                + "Each level is bounded by \(maxRequests) requests and \(maxDurationNs / 1_000_000_000) s. \(ProcessMetrics.cpuCount) CPUs online.",
            "client CPU = getrusage(RUSAGE_SELF) of the bench process (scheduler, curl loop, SSE parsing, recording, SQLite writer); "
                + "transport CPU = the curl loop thread alone; simulator CPU = the child process (/proc/PID/stat, 10 ms ticks).",
        ]
        if !peakResetWorks { notes.append("Peak RSS could not be reset between levels (/proc/self/clear_refs refused): it is the lifetime peak.") }
        return ResultTable(scenario: "throughput", title: "Throughput: closed loop against the simulator",
                           columns: ["concurrency", "requests", "errors", "wall s", "req/s", "client CPU ms/req",
                                     "transport CPU ms/req", "simulator CPU ms/req", "output tokens (mean)", "peak RSS MB"],
                           rows: rows, json: json, notes: notes)
    }
}
