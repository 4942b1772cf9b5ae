import Datasets
import Foundation
import LLMBenchCore
import Providers
import Scheduler
import Store

/// The few numbers of a finished record a scenario needs (kept small, so collecting them is cheap).
struct RecordSample: Sendable {
    var ok: Bool
    var intendedStartNs: Int64
    var sentNs: Int64?
    var firstTokenNs: Int64?
    var doneNs: Int64?
    var outputTokens: Int?
    var errorKind: String?
    /// A paced stub's first event says when it was written ("W<CLOCK_MONOTONIC ns> "); nil otherwise.
    var stubFirstWriteNs: Int64?
    /// … and when the stub read the request (" R<CLOCK_MONOTONIC ns> " after it); nil otherwise.
    var stubReceivedNs: Int64?
    /// … and, in its second event ("A<ns> "), when that first event's send() returned; nil otherwise.
    var stubFirstSentNs: Int64?
}

/// A sink that passes every record to the store's writer and keeps a `RecordSample` of it
/// (or only counts, when `keep` is false, so a long run's memory is the product's own).
final class TeeSink: RecordSink, @unchecked Sendable {
    private let next: any RecordSink
    private let keep: Bool
    private let lock = NSLock()
    private var samples: [RecordSample] = []
    private var count = 0
    private var errors = 0

    init(next: any RecordSink, keep: Bool, capacity: Int) {
        self.next = next
        self.keep = keep
        if keep { samples.reserveCapacity(capacity) }
    }

    func record(_ record: RequestRecord) {
        next.record(record)
        let ok = record.status == .ok
        lock.lock()
        count += 1
        if !ok { errors += 1 }
        if keep {
            samples.append(RecordSample(ok: ok, intendedStartNs: record.intendedStartNs ?? 0, sentNs: record.sentNs,
                                        firstTokenNs: record.firstTokenNs, doneNs: record.doneNs,
                                        outputTokens: record.usage?.outputTokens, errorKind: record.errorKind?.rawValue,
                                        stubFirstWriteNs: Self.stubWrite(record.responseText),
                                        stubReceivedNs: Self.stubReceived(record.responseText),
                                        stubFirstSentNs: Self.stubFirstSent(record.responseText)))
        }
        lock.unlock()
    }

    /// The digits after a leading "W", up to the first space.
    static func stubWrite(_ text: String) -> Int64? {
        stubField(text, after: nil)
    }

    /// The digits after " R" in the first 64 bytes, up to the next space.
    static func stubReceived(_ text: String) -> Int64? {
        stubField(text, after: UInt8(ascii: "R"))
    }

    /// The digits after " A" in the first 96 bytes, up to the next space.
    static func stubFirstSent(_ text: String) -> Int64? {
        stubField(text, after: UInt8(ascii: "A"))
    }

    /// A number of a paced stub's stream text ("W<ns> R<ns> A<ns> tok …"): the one after the leading
    /// "W" (`letter` nil) or after " " + `letter`, within the first 96 bytes. Scanned as bytes: the
    /// String searches it replaced cost ~2 % of the loop thread's CPU in `slow-streams`, which
    /// records these on it.
    static func stubField(_ text: String, after letter: UInt8?) -> Int64? {
        var t = text
        return t.withUTF8 { b -> Int64? in
            guard b.first == UInt8(ascii: "W") else { return nil }
            let end = min(b.count, 96)
            var i = 1
            if let letter {
                i = 2
                while i < end, !(b[i] == letter && b[i - 1] == UInt8(ascii: " ")) { i += 1 }
                guard i < end else { return nil }
                i += 1
            }
            var v: Int64 = 0, digits = 0
            while i < b.count, digits < 19, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int64(b[i] - 0x30); i += 1; digits += 1 }
            return digits > 0 && (i == b.count || b[i] == UInt8(ascii: " ")) ? v : nil
        }
    }

    var finished: Int { lock.withLock { count } }
    var errorCount: Int { lock.withLock { errors } }
    var collected: [RecordSample] { lock.withLock { samples } }
}

/// What one bench run measured: counts, wall time and the client's CPU time, in base units.
struct BenchRunResult: Sendable {
    var requests: Int
    var errors: Int
    var stopReason: String
    var wallNs: Int64
    /// Whole-process CPU (`getrusage(RUSAGE_SELF)`) from just before the runner starts to after the
    /// writer's last commit: scheduler, transport, SSE parsing, recording and SQLite writes.
    var processCPUNs: Int64
    /// The transport loop thread's CPU alone (`LLMClient.transportCPUTimeNs`).
    var transportCPUNs: Int64?
    /// The scheduling thread's CPU (`Runner.run` on the calling thread): what neither it nor the
    /// transport used is the SQLite writer's thread (and the process's few other threads).
    var schedulerCPUNs: Int64
    /// TCP connections the transport opened during the run.
    var connectionsOpened: Int
    var samples: [RecordSample]
    var dbPath: String
    /// The monotonic time record times are relative to, ns.
    var runStartNs: Int64
}

/// Runs one plan through the product's path (Runner → LLMClient → RecordWriter into a fresh SQLite
/// file in a temporary directory), the way `llmbench run` wires them.
enum BenchRun {
    /// A synthetic workload of `count` requests: ~`input` prompt tokens, at most `output` tokens out.
    static func workload(count: Int, input: Int = 128, output: Int = 32) throws -> [WorkItem] {
        try SyntheticWorkload.generate(SyntheticSpec(inputTokens: input, outputTokens: output), count: count, seed: 1,
                                         tokenCount: TokenEstimate.tokens)
    }

    /// A streamed OpenAI-format model on the simulator at `port`.
    static func model(_ name: String, port: UInt16) -> ModelSpec {
        ModelSpec(name: name, kind: .simulated, baseURL: "http://127.0.0.1:\(port)/v1", modelId: name, stream: true)
    }

    /// A client kept across runs, so a later run finds the connections an earlier one opened
    /// (`TransportScenario`'s warm figures); its runs share its run-clock zero.
    final class SharedClient {
        let client: LLMClient
        let runStartNs: Int64
        init(concurrency: Int) {
            runStartNs = SystemMonotonicClock().nowNs()
            client = LLMClient(clock: SystemMonotonicClock(), runStartNs: runStartNs, environment: [:], timeouts: .default,
                               maxConnections: max(concurrency, CurlMultiTransport.defaultMaxConnections))
        }
        deinit { client.shutdown() }
    }

    /// Runs `work` once, or, with `requests`, that many requests cycling through `work` (held once, as
    /// `llmbench run` holds a dataset), so the bench's own memory does not grow with the plan.
    /// - Parameter shared: the client to send with (its connections kept afterwards); nil: a new
    ///   one, shut down at the end.
    static func execute(model: ModelSpec, work: [WorkItem], requests: Int? = nil, concurrency: Int, ratePerSecond: Double? = nil,
                        burst: Double = 1, maxDurationNs: Int64, keepSamples: Bool = true, shared: SharedClient? = nil,
                        onStart: ((TeeSink) -> Void)? = nil) throws -> BenchRunResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dbPath = dir.appendingPathComponent("bench.sqlite").path
        let db = try Database.open(path: dbPath)
        let runId = UUID().uuidString.lowercased()
        try db.insertRun(RunInfo(id: runId, startedAt: ISO8601DateFormatter().string(from: Date()), label: "bench",
                                 llmbenchVersion: LLMBenchVersion.current, host: "bench", os: "linux",
                                 cpuCount: ProcessMetrics.cpuCount, curlVersion: "", sqliteVersion: Database.sqliteVersion,
                                 simulated: true, settingsJSON: "{}", datasetHashes: [:], status: .running))

        let clock = SystemMonotonicClock()
        let own = shared == nil ? SharedClient(concurrency: concurrency) : nil
        let runStart = (shared ?? own!).runStartNs
        let client = (shared ?? own!).client
        let transport0 = client.transportCPUTimeNs ?? 0
        let connections0 = client.connectionsOpened
        let writer = db.makeWriter()
        let sink = TeeSink(next: writer, keep: keepSamples, capacity: requests ?? work.count)
        // A shared client's run clock started before this run: the bound counts from now.
        let bound = (clock.nowNs() - runStart) + maxDurationNs
        let plan = requests.map { n in
            RunPlan(runId: runId, models: [model], planned: .cycling(work, requests: n), concurrency: concurrency,
                    ratePerSecond: ratePerSecond, burst: burst, maxDurationNs: bound)
        } ?? RunPlan(runId: runId, models: [model], work: work, concurrency: concurrency,
                     ratePerSecond: ratePerSecond, burst: burst, maxDurationNs: bound)
        let runner = Runner(plan: plan, sender: client, sink: sink, clock: clock, runStartNs: runStart)
        onStart?(sink)

        let cpu0 = ProcessMetrics.cpuTimeNs()
        let wall0 = clock.nowNs()
        let scheduler0 = ProcessMetrics.threadCPUTimeNs()
        let outcome = runner.run()
        let schedulerNs = ProcessMetrics.threadCPUTimeNs() - scheduler0
        try writer.close()
        let wallNs = clock.nowNs() - wall0
        let cpuNs = ProcessMetrics.cpuTimeNs() - cpu0
        let transportNs = client.transportCPUTimeNs.map { $0 - transport0 }
        let connections = client.connectionsOpened - connections0
        if shared == nil { client.shutdown() }
        try db.updateRun(id: runId, status: .completed)
        try db.close()
        defer { try? FileManager.default.removeItem(at: dir) }
        return BenchRunResult(requests: outcome.attempts, errors: outcome.errors, stopReason: outcome.stopReason.rawValue,
                              wallNs: wallNs, processCPUNs: cpuNs, transportCPUNs: transportNs, schedulerCPUNs: schedulerNs,
                              connectionsOpened: connections,
                              samples: sink.collected, dbPath: dbPath, runStartNs: runStart)
    }
}
