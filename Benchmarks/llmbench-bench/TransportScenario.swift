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
        // 512 distinct prompts, cycled (as `llmbench run` cycles a dataset): the plan is not held in memory.
        let work = try BenchRun.workload(count: 512)
        _ = try BenchRun.execute(model: model, work: work, requests: 2000, concurrency: 16, maxDurationNs: 5_000_000_000,
                                 keepSamples: false)
        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for c in levels {
            let streams = min(c, max(1, files.soft - StreamBudget.reservedDescriptors))
            // Cold: a new client, so every stream's first request opens its connection.
            let cold = try BenchRun.execute(model: model, work: work, requests: maxRequests, concurrency: streams,
                                            maxDurationNs: maxDurationNs, keepSamples: false)
            // Warm: a pass of one request per stream opens the connections, then the level is measured on them.
            let shared = BenchRun.SharedClient(concurrency: streams)
            _ = try BenchRun.execute(model: model, work: work, requests: streams, concurrency: streams,
                                     maxDurationNs: maxDurationNs, keepSamples: false, shared: shared)
            ProcessMetrics.resetPeak()
            let stub0 = stub.cpuTimeNs
            let load = Load.now()
            let allocs0 = AllocationCounter.snapshot()
            let r = try BenchRun.execute(model: model, work: work, requests: maxRequests, concurrency: streams,
                                         maxDurationNs: maxDurationNs, keepSamples: false, shared: shared)
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
        // The product itself, as a user runs it (its own process, none of the bench's weight).
        let shim = try? AllocationCounter.build()
        defer { if let shim { try? FileManager.default.removeItem(atPath: shim.0) } }
        for c in levels where c == 256 || c == 4096 {
            let streams = min(c, max(1, files.soft - StreamBudget.reservedDescriptors))
            let load = Load.now()
            let stub0 = stub.cpuTimeNs
            let p = try ProductRun.run(port: stub.port, streams: streams, requests: maxRequests, shim: shim?.1)
            let stubPer = stub0.flatMap { s in stub.cpuTimeNs.map { Double($0 - s) / Double(p.requests) } }
            let n = Double(p.requests)
            let rps = n / (Double(p.wallNs) / 1e9)
            let rss = (p.sendingPeakRSSBytes.map { Fmt.mb($0) } ?? "n/a") + " (" + Fmt.mb(p.peakRSSBytes) + " with the report)"
            rows.append(["\(streams): llmbench run", String(p.requests), p.errors.map(String.init) ?? "?", Fmt.f(rps, 0),
                         Fmt.f(Double(p.cpuNs) / n / 1e6, 4), "n/a", "n/a", "n/a", stubPer.map { Fmt.f($0 / 1e6, 4) } ?? "n/a", "n/a",
                         p.allocations.map { Fmt.f(Double($0) / n, 1) } ?? "n/a",
                         p.allocatedBytes.map { Fmt.f(Double($0) / n / 1024, 1) } ?? "n/a", "n/a", "n/a", "n/a", "n/a", rss, load])
            var row: [String: Double] = ["llmbench_run_streams": Double(streams), "requests": n, "requests_per_s": rps,
                                         "llmbench_run_cpu_ms_per_request": Double(p.cpuNs) / n / 1e6,
                                         "llmbench_run_peak_rss_mb": Double(p.peakRSSBytes) / 1_048_576]
            if let e = p.errors { row["errors"] = Double(e) }
            if let s = p.sendingPeakRSSBytes { row["llmbench_run_sending_peak_rss_mb"] = Double(s) / 1_048_576 }
            if let a = p.allocations { row["llmbench_run_allocations_per_request"] = Double(a) / n }
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
                    "Rows \"N: llmbench run\": the release CLI as its own process (`llmbench run --synthetic input=128,output=32 "
                        + "--requests \(maxRequests) --concurrency N` against the same stub, not pinned): req/s and CPU per request over the "
                        + "whole process (start-up, token counting and the report included), peak RSS while its transport thread runs "
                        + "(VmRSS sampled every 20 ms) and, in brackets, of the whole process (ru_maxrss, the end-of-run report included); "
                        + "allocations from the same shim loaded into it, start-up and report included.",
                    AllocationCounter.isLoaded
                        ? "allocs/req = malloc, calloc, realloc and aligned allocations of the whole bench process per request (LD_PRELOAD Benchmarks/alloc/alloc-count.c)."
                        : "allocs/req n/a: the allocation counter is not loaded (LLMBENCH_ALLOC_COUNT=0, or cc could not build Benchmarks/alloc/alloc-count.c)."])
    }
}

/// Scenario `slow-streams`: 10,000 streams held at once against the stub pacing one token per second,
/// `tokens` tokens each (60: 60 s streams). Client CPU = Δ getrusage(RUSAGE_SELF) / wall time, as a
/// share of one core (and over the steady part alone: from 5 s to `tokens` − 2 s); TTFT error = the
/// client's first-token time − the stub's write time of that token (both CLOCK_MONOTONIC, carried in
/// the first event), i.e. how late the client saw it.
///
/// Two rows: the streams opened over one second (the runner's rate limit at `streams`/s), so their
/// tokens are spread over each second as a server's would be; and, shorter (`burstTokens`), opened
/// all at once, so every stream's token comes within the same few milliseconds and the error shows
/// how long the client takes to read such a burst.
struct SlowStreamsScenario {
    /// `LLMBENCH_SLOW_STREAMS` / `LLMBENCH_SLOW_TOKENS` change them (an investigation knob).
    var streams = ProcessInfo.processInfo.environment["LLMBENCH_SLOW_STREAMS"].flatMap { Int($0) }.map { min(max(1, $0), 20_000) } ?? 10_000
    var tokens = ProcessInfo.processInfo.environment["LLMBENCH_SLOW_TOKENS"].flatMap { Int($0) }.map { min(max(1, $0), 90) } ?? 60
    var burstTokens = 3

    func run() throws -> ResultTable {
        let files = OpenFileLimit.raiseToHard()
        let budget = StreamBudget.plan(requested: streams, openFiles: files.soft, hardLimit: files.hard, descriptorsPerStream: 1)
        let pinned = StubProcess.pinSelf(cpu: 1)
        defer { StubProcess.unpinSelf() }
        let work = try BenchRun.workload(count: min(512, budget.connections))
        var rows: [[String]] = []
        var json: [[String: Double]] = []
        var notes: [String] = []
        // Requests let through per wake of the rate limiter: one per wake would need a wake every
        // 100 µs at 10,000/s (the scheduling thread manages ~1,000 a second: a 10 s ramp).
        let burst = Double(max(1, budget.connections / 500))
        for (opening, n) in [("over 1 s", tokens), ("at once", burstTokens)] {
            let stub = try StubProcess(tokens: n, intervalMs: 1000)
            defer { stub.stop() }
            let model = ModelSpec(name: "stub", kind: .openai, baseURL: "http://127.0.0.1:\(stub.port)/v1", modelId: "stub", stream: true)
            let load = Load.now()
            ProcessMetrics.resetPeak()
            let steady = SteadyCPU(fromNs: 5_000_000_000, toNs: Int64(n - 2) * 1_000_000_000)
            let r = try BenchRun.execute(model: model, work: work, requests: budget.connections, concurrency: budget.connections,
                                         ratePerSecond: opening == "at once" ? nil : Double(budget.connections), burst: burst,
                                         maxDurationNs: Int64(n + 30) * 1_000_000_000, onStart: { _ in steady.start() })
            let lateness = r.samples.compactMap { s -> Int64? in
                guard let w = s.stubFirstWriteNs, let f = s.firstTokenNs else { return nil }
                return r.runStartNs + f - w
            }
            let d = Distribution(lateness)
            // Where a late first token could come from besides the client's read: the request reaching
            // the stub (connection set-up: stub read time − client send time) and the stub's own pacing
            // (its first write − its read − the 1 s interval).
            let setup = Distribution(r.samples.compactMap { s -> Int64? in
                guard let rcv = s.stubReceivedNs, let sent = s.sentNs else { return nil }
                return rcv - (r.runStartNs + sent)
            })
            let pacing = Distribution(r.samples.compactMap { s -> Int64? in
                guard let rcv = s.stubReceivedNs, let w = s.stubFirstWriteNs else { return nil }
                return w - rcv - 1_000_000_000
            })
            let over1ms = lateness.filter { $0 >= 1_000_000 }.count
            // Telling the stub's lateness from the client's: the stub's send of the first token
            // (W to its send() returning: on loopback the bytes reach the client's socket inside
            // it), and the streams still ≥ 1 ms late when counted from that return, which only
            // the client can be (an upper bound on the stub's part of the TTFT error, a lower one
            // on the client's).
            let stubSend = Distribution(r.samples.compactMap { s -> Int64? in
                guard let w = s.stubFirstWriteNs, let a = s.stubFirstSentNs else { return nil }
                return a - w
            })
            let clientLate = r.samples.filter { s in
                guard let a = s.stubFirstSentNs, let f = s.firstTokenNs else { return false }
                return r.runStartNs + f - a >= 1_000_000
            }.count
            // Investigation knob: every stream's times (ns, CLOCK_MONOTONIC) as CSV, one file per row.
            if let path = ProcessInfo.processInfo.environment["LLMBENCH_SLOW_DUMP"] {
                var csv = "sent,stub_received,stub_first_write,stub_first_sent,client_first_token,done\n"
                for s in r.samples {
                    let f = [s.sentNs.map { r.runStartNs + $0 }, s.stubReceivedNs, s.stubFirstWriteNs, s.stubFirstSentNs,
                             s.firstTokenNs.map { r.runStartNs + $0 }, s.doneNs.map { r.runStartNs + $0 }]
                    csv += f.map { $0.map(String.init) ?? "" }.joined(separator: ",") + "\n"
                }
                try? Data(csv.utf8).write(to: URL(fileURLWithPath: path + (opening == "at once" ? ".burst" : "")))
            }
            let peak = ProcessMetrics.peakResidentBytes()
            var kinds: [String: Int] = [:]
            for s in r.samples where !s.ok { kinds[s.errorKind ?? "?", default: 0] += 1 }
            let cores = Double(r.processCPUNs) / Double(max(1, r.wallNs))
            let transportCores = r.transportCPUNs.map { Double($0) / Double(max(1, r.wallNs)) }
            let steadyCores = steady.share()
            rows.append(["\(budget.connections) × \(n), opened \(opening)", String(r.requests), String(r.errors), Fmt.f(Double(r.wallNs) / 1e9, 1),
                         Fmt.f(cores * 100, 2), steadyCores.map { Fmt.f($0 * 100, 2) } ?? "n/a", transportCores.map { Fmt.f($0 * 100, 2) } ?? "n/a",
                         Fmt.f(d.p(0.5) / 1e6, 3), Fmt.f(d.p(0.99) / 1e6, 3), Fmt.f(d.max / 1e6, 3), String(over1ms),
                         stubSend.count > 0 ? Fmt.f(stubSend.p(0.99) / 1e6, 3) + " / " + Fmt.f(stubSend.max / 1e6, 3) : "n/a",
                         stubSend.count > 0 ? String(clientLate) : "n/a",
                         Fmt.f(setup.p(0.5) / 1e6, 1) + " / " + Fmt.f(setup.p(0.99) / 1e6, 1) + " / " + Fmt.f(setup.max / 1e6, 1),
                         Fmt.f(pacing.p(0.99) / 1e6, 2), Fmt.mb(peak), load])
            var row: [String: Double] = ["streams": Double(budget.connections), "tokens": Double(n), "opened_at_once": opening == "at once" ? 1 : 0,
                                         "requests": Double(r.requests), "errors": Double(r.errors),
                                         "wall_s": Double(r.wallNs) / 1e9, "client_cpu_percent_of_one_core": cores * 100,
                                         "ttft_error_p50_ms": d.p(0.5) / 1e6, "ttft_error_p99_ms": d.p(0.99) / 1e6,
                                         "ttft_error_max_ms": d.max / 1e6, "ttft_error_at_least_1ms": Double(over1ms),
                                         "request_to_stub_p50_ms": setup.p(0.5) / 1e6, "request_to_stub_p99_ms": setup.p(0.99) / 1e6,
                                         "request_to_stub_max_ms": setup.max / 1e6, "stub_pacing_late_p99_ms": pacing.p(0.99) / 1e6]
            if stubSend.count > 0 {
                row["stub_first_send_p99_ms"] = stubSend.p(0.99) / 1e6
                row["stub_first_send_max_ms"] = stubSend.max / 1e6
                row["late_at_least_1ms_after_stub_send"] = Double(clientLate)
            }
            if let t = transportCores { row["transport_cpu_percent_of_one_core"] = t * 100 }
            if let c = steadyCores { row["steady_client_cpu_percent_of_one_core"] = c * 100 }
            json.append(row)
            if !kinds.isEmpty { notes.append("Errors by kind (\(opening)): " + kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) }
        }
        notes.insert(contentsOf: [
            "\(streams) streams asked for; a C stub pacing 1 token/s (first token 1 s after it reads the request). "
                + "Opened over 1 s: the runner's rate limit at \(budget.connections)/s (burst \(Int(burst))) spaces the requests, as streams of a real "
                + "server are out of phase; opened at once: every stream's token falls in the same few ms each second. "
                + "Wall time includes opening every connection. " + (pinned ? "Client pinned to CPU 1, stub to CPU 0." : "Not pinned."),
            "TTFT error = client first-token time − stub write time of that token (CLOCK_MONOTONIC). "
                + "request → stub = the stub's read time of the request − the client's send time (connection set-up, SYN retries); "
                + "stub pacing late = the stub's first write − its read − 1 s. Neither is in the TTFT error. "
                + "The stub's first send = from that write time to its send() returning (the bytes reach the client's socket inside it; "
                + "a stub preempted there makes the client look late); ≥ 1 ms late after the stub's send = streams whose first token the "
                + "client took ≥ 1 ms after that return: only the client's lateness. "
                + "Steady CPU = client CPU from 5 s to 2 s before the last token, over that time (n/a for short streams)."], at: 0)
        if let n = budget.notice { notes.append("Held back: \(n)") }
        return ResultTable(scenario: "slow-streams", title: "Slow streams: \(budget.connections) held at once, 1 token/s",
                           columns: ["streams × tokens", "requests", "errors", "wall s", "client CPU % of one core", "steady client CPU %",
                                     "transport CPU % of one core", "TTFT error p50 ms", "p99 ms", "max ms", "streams ≥ 1 ms late",
                                     "stub's first send p99 / max ms", "≥ 1 ms late after the stub's send",
                                     "request → stub p50 / p99 / max ms", "stub pacing late p99 ms", "peak RSS MB", "load avg (1 min) before"],
                           rows: rows, json: json, notes: notes)
    }
}

/// This process's CPU share of one core between two points of a run (ns after `start()`), read by a
/// side thread; nil when the window is empty or not reached.
final class SteadyCPU: @unchecked Sendable {
    private let fromNs: Int64, toNs: Int64
    private let lock = NSLock()
    private var readings: [(wall: Int64, cpu: Int64)] = []

    init(fromNs: Int64, toNs: Int64) { self.fromNs = fromNs; self.toNs = toNs }

    func start() {
        guard toNs > fromNs else { return }
        let clock = SystemMonotonicClock()
        let t0 = clock.nowNs()
        let thread = Thread { [self] in
            for at in [fromNs, toNs] {
                clock.sleep(untilNs: t0 + at)
                let reading = (wall: clock.nowNs(), cpu: ProcessMetrics.cpuTimeNs())
                lock.withLock { readings.append(reading) }
            }
        }
        thread.start()
    }

    func share() -> Double? {
        lock.withLock {
            guard readings.count == 2, readings[1].wall > readings[0].wall else { return nil }
            return Double(readings[1].cpu - readings[0].cpu) / Double(readings[1].wall - readings[0].wall)
        }
    }
}

/// The 1-minute load average (/proc/loadavg), for the table beside each figure.
enum Load {
    static func now() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { String($0.split(separator: " ").first ?? "?") } ?? "?"
    }
}
