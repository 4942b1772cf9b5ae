import Foundation
import LLMBenchCore
import Providers

/// Scenario `transport`: the client against a zero-delay C stub (`StubProcess`, pinned to CPU 0)
/// with the client pinned to CPU 1, closed loop, 32-token streams, at 1 to 4,096 open streams.
///
/// Per level: req/s = completed requests / wall time; client CPU per request = Δ getrusage(RUSAGE_SELF)
/// / requests (scheduler, curl loop, SSE parsing, recording, SQLite writer); transport CPU per request
/// = the curl loop thread alone; peak RSS = VmHWM reset before the level; stub CPU per request from
/// /proc/PID/stat, so a stub near 1 ms/ms of CPU would show that it, not the client, was the limit;
/// allocations per request = Δ heap allocations of the whole process (`AllocationCounter`) / requests.
///
/// Each level runs twice: warm (on a shared client whose connections a pass of one request per stream
/// opened first: the steady state) and cold (a new client: each stream's first request connects);
/// scheduler CPU = the Runner's thread (`CLOCK_THREAD_CPUTIME_ID`), writer + other = the rest.
struct TransportScenario {
    /// `LLMBENCH_TRANSPORT_LEVELS=1,256` picks levels (an investigation knob).
    var levels = ProcessInfo.processInfo.environment["LLMBENCH_TRANSPORT_LEVELS"]
        .map { $0.split(separator: ",").compactMap { Int($0) }.map { min(max(1, $0), 16_384) } }
        .flatMap { $0.isEmpty ? nil : $0 } ?? [1, 16, 64, 256, 1024, 4096]
    var maxRequests = 20_000
    var maxDurationNs: Int64 = 8_000_000_000

    func run() throws -> ResultTable {
        let files = OpenFileLimit.raiseToHard()
        let stub = try StubProcess(tokens: 32)
        defer { stub.stop() }
        let pinned = StubProcess.pinSelf(cpu: 1)
        defer { StubProcess.unpinSelf() }
        let model = ModelSpec(name: "stub", kind: .openai, baseURL: "http://127.0.0.1:\(stub.port)/v1", modelId: "stub", stream: true)
        let work = try BenchRun.workload(count: maxRequests)
        _ = try BenchRun.execute(model: model, work: Array(work.prefix(2000)), concurrency: 16, maxDurationNs: 5_000_000_000,
                                 keepSamples: false)
        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for c in levels {
            let streams = min(c, max(1, files.soft - StreamBudget.reservedDescriptors))
            // Cold: a new client, so every stream's first request opens its connection.
            let cold = try BenchRun.execute(model: model, work: work, concurrency: streams, maxDurationNs: maxDurationNs, keepSamples: false)
            // Warm: a pass of one request per stream opens the connections, then the level is measured on them.
            let shared = BenchRun.SharedClient(concurrency: streams)
            _ = try BenchRun.execute(model: model, work: Array(work.prefix(streams)), concurrency: streams,
                                     maxDurationNs: maxDurationNs, keepSamples: false, shared: shared)
            ProcessMetrics.resetPeak()
            let stub0 = stub.cpuTimeNs
            let load = Load.now()
            let allocs0 = AllocationCounter.snapshot()
            let r = try BenchRun.execute(model: model, work: work, concurrency: streams, maxDurationNs: maxDurationNs,
                                         keepSamples: false, shared: shared)
            let allocs = allocs0.flatMap { a in AllocationCounter.snapshot().map { (a, $0) } }
            let stubNs = stub0.flatMap { s in stub.cpuTimeNs.map { $0 - s } }
            let peak = ProcessMetrics.peakResidentBytes()
            func perRequest(_ ns: Int64?, _ run: BenchRunResult) -> Double? { ns.map { Double($0) / Double(max(1, run.requests)) / 1e6 } }
            func rate(_ run: BenchRunResult) -> Double { Double(run.requests) / (Double(run.wallNs) / 1e9) }
            let cpu = perRequest(r.processCPUNs, r)!
            let transport = perRequest(r.transportCPUNs, r)
            let scheduler = perRequest(r.schedulerCPUNs, r)!
            let rest = perRequest(r.processCPUNs - (r.transportCPUNs ?? 0) - r.schedulerCPUNs, r)!
            let stubPer = perRequest(stubNs, r)
            let coldCPU = perRequest(cold.processCPUNs, cold)!
            let allocsPer = allocs.map { Double($0.1.allocations - $0.0.allocations) / Double(max(1, r.requests)) }
            let bytesPer = allocs.map { Double($0.1.bytes - $0.0.bytes) / Double(max(1, r.requests)) }
            rows.append([String(streams), String(r.requests), String(r.errors), Fmt.f(rate(r), 0), Fmt.f(cpu, 4),
                         transport.map { Fmt.f($0, 4) } ?? "n/a", Fmt.f(scheduler, 4), Fmt.f(rest, 4),
                         stubPer.map { Fmt.f($0, 4) } ?? "n/a", String(r.connectionsOpened),
                         allocsPer.map { Fmt.f($0, 1) } ?? "n/a", bytesPer.map { Fmt.f($0 / 1024, 1) } ?? "n/a",
                         Fmt.f(rate(cold), 0), Fmt.f(coldCPU, 4), String(cold.connectionsOpened), String(cold.errors),
                         Fmt.mb(peak), load])
            var row: [String: Double] = ["open_streams": Double(streams), "requests": Double(r.requests), "errors": Double(r.errors),
                                         "requests_per_s": rate(r), "client_cpu_ms_per_request": cpu,
                                         "scheduler_cpu_ms_per_request": scheduler, "writer_and_other_cpu_ms_per_request": rest,
                                         "connections_opened": Double(r.connectionsOpened),
                                         "cold_requests_per_s": rate(cold), "cold_client_cpu_ms_per_request": coldCPU,
                                         "cold_connections_opened": Double(cold.connectionsOpened), "cold_errors": Double(cold.errors)]
            if let t = transport { row["transport_cpu_ms_per_request"] = t }
            if let s = stubPer { row["stub_cpu_ms_per_request"] = s }
            if let p = peak { row["peak_rss_mb"] = Double(p) / 1_048_576 }
            if let a = allocsPer { row["allocations_per_request"] = a }
            if let b = bytesPer { row["allocated_bytes_per_request"] = b }
            json.append(row)
        }
        return ResultTable(
            scenario: "transport", title: "Transport: client CPU per request against open streams (zero-delay C stub)",
            columns: ["open streams", "requests", "errors", "req/s", "client CPU ms/req", "transport CPU ms/req",
                      "scheduler CPU ms/req", "writer + other CPU ms/req", "stub CPU ms/req", "connections opened",
                      "allocs/req", "KiB allocated/req",
                      "cold req/s", "cold client CPU ms/req", "cold connections opened", "cold errors",
                      "peak RSS MB", "load avg (1 min) before"],
            rows: rows, json: json,
            notes: ["Closed loop, each level bounded by \(maxRequests) requests and \(maxDurationNs / 1_000_000_000) s; "
                        + "32 content events per streamed response (OpenAI chat format, chunked), records written to a temp SQLite file. "
                        + (pinned ? "Client pinned to CPU 1, stub to CPU 0 (taskset)." : "Not pinned (one CPU or no taskset).")
                        + " Open-file limit \(files.soft). \(ProcessMetrics.cpuCount) CPUs online.",
                    "Warm (the first columns): one request per stream first opens the connections, then the level is measured on them "
                        + "with the same client. Cold: the same level on a new client, every stream's first request opening its connection.",
                    "client CPU = getrusage(RUSAGE_SELF) of the whole bench process; transport CPU = the curl loop thread alone "
                        + "(I/O, SSE parsing, decoding, recording, and the sends a completion makes); scheduler CPU = the thread running "
                        + "the Runner; writer + other = the rest (the SQLite writer thread, mostly).",
                    AllocationCounter.isLoaded
                        ? "allocs/req = malloc, calloc, realloc and aligned allocations of the whole bench process per request (LD_PRELOAD Benchmarks/alloc/alloc-count.c)."
                        : "allocs/req n/a: the allocation counter is not loaded (LLMBENCH_ALLOC_COUNT=0, or cc could not build Benchmarks/alloc/alloc-count.c)."])
    }
}

/// Scenario `slow-streams`: 10,000 streams held at once against the stub pacing one token per second,
/// `tokens` tokens each (60: 60 s streams). Client CPU = Δ getrusage(RUSAGE_SELF) / wall time, as a
/// share of one core; TTFT error = the client's first-token time − the stub's write time of that
/// token (both CLOCK_MONOTONIC, carried in the first event), i.e. how late the client saw it.
struct SlowStreamsScenario {
    /// `LLMBENCH_SLOW_STREAMS` / `LLMBENCH_SLOW_TOKENS` change them (an investigation knob).
    var streams = ProcessInfo.processInfo.environment["LLMBENCH_SLOW_STREAMS"].flatMap { Int($0) }.map { min(max(1, $0), 20_000) } ?? 10_000
    var tokens = ProcessInfo.processInfo.environment["LLMBENCH_SLOW_TOKENS"].flatMap { Int($0) }.map { min(max(1, $0), 90) } ?? 60

    func run() throws -> ResultTable {
        let files = OpenFileLimit.raiseToHard()
        let budget = StreamBudget.plan(requested: streams, openFiles: files.soft, hardLimit: files.hard, descriptorsPerStream: 1)
        let stub = try StubProcess(tokens: tokens, intervalMs: 1000)
        defer { stub.stop() }
        let pinned = StubProcess.pinSelf(cpu: 1)
        defer { StubProcess.unpinSelf() }
        let model = ModelSpec(name: "stub", kind: .openai, baseURL: "http://127.0.0.1:\(stub.port)/v1", modelId: "stub", stream: true)
        let work = try BenchRun.workload(count: budget.connections)
        let load = Load.now()
        ProcessMetrics.resetPeak()
        let r = try BenchRun.execute(model: model, work: work, concurrency: budget.connections,
                                     maxDurationNs: Int64(tokens + 30) * 1_000_000_000)
        let lateness = r.samples.compactMap { s -> Int64? in
            guard let w = s.stubFirstWriteNs, let f = s.firstTokenNs else { return nil }
            return r.runStartNs + f - w
        }
        let d = Distribution(lateness)
        let peak = ProcessMetrics.peakResidentBytes()
        var kinds: [String: Int] = [:]
        for s in r.samples where !s.ok { kinds[s.errorKind ?? "?", default: 0] += 1 }
        let cores = Double(r.processCPUNs) / Double(max(1, r.wallNs))
        let transportCores = r.transportCPUNs.map { Double($0) / Double(max(1, r.wallNs)) }
        let row: [String] = [String(budget.connections), String(r.requests), String(r.errors), Fmt.f(Double(r.wallNs) / 1e9, 1),
                             Fmt.f(cores * 100, 2), transportCores.map { Fmt.f($0 * 100, 2) } ?? "n/a",
                             Fmt.f(d.p(0.5) / 1e6, 3), Fmt.f(d.p(0.99) / 1e6, 3), Fmt.f(d.max / 1e6, 3), Fmt.mb(peak), load]
        var json: [String: Double] = ["streams": Double(budget.connections), "requests": Double(r.requests), "errors": Double(r.errors),
                                      "wall_s": Double(r.wallNs) / 1e9, "client_cpu_percent_of_one_core": cores * 100,
                                      "ttft_error_p50_ms": d.p(0.5) / 1e6, "ttft_error_p99_ms": d.p(0.99) / 1e6,
                                      "ttft_error_max_ms": d.max / 1e6]
        if let t = transportCores { json["transport_cpu_percent_of_one_core"] = t * 100 }
        var notes = ["\(streams) streams asked for, \(tokens) tokens each at 1 token/s from a C stub (first token 1 s after the request); "
                        + "wall time includes opening every connection. " + (pinned ? "Client pinned to CPU 1, stub to CPU 0." : "Not pinned."),
                     "TTFT error = client first-token time − stub write time of that token (CLOCK_MONOTONIC), over \(d.count) streams."]
        if let n = budget.notice { notes.append("Held back: \(n)") }
        if !kinds.isEmpty { notes.append("Errors by kind: " + kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) }
        return ResultTable(scenario: "slow-streams", title: "Slow streams: \(budget.connections) held at once, 1 token/s",
                           columns: ["streams", "requests", "errors", "wall s", "client CPU % of one core", "transport CPU % of one core",
                                     "TTFT error p50 ms", "p99 ms", "max ms", "peak RSS MB", "load avg (1 min) before"],
                           rows: [row], json: [json], notes: notes)
    }
}

/// The 1-minute load average (/proc/loadavg), for the table beside each figure.
enum Load {
    static func now() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { String($0.split(separator: " ").first ?? "?") } ?? "?"
    }
}
