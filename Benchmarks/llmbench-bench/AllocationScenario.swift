import Foundation
import LLMBenchCore
import Providers
#if canImport(Glibc)
import Glibc
#endif

/// Scenario `allocations`: heap allocations per request on the hot path, counted by glibc's own
/// malloc tracer (mtrace(3), in libc_malloc_debug.so since glibc 2.34).
///
/// The bench runs itself again as `allocations-child` with `LD_PRELOAD=libc_malloc_debug.so.0` and
/// `MALLOC_TRACE=FILE`; the child traces only the measured loop (mtrace()…muntrace()) and the
/// parent counts the trace's `+` (malloc/calloc) and `<`/`>` (realloc) lines. Measured loops:
/// - recorder: one 32-event OpenAI stream, as the stub sends it, replayed through `RequestRecorder`
///   (header lines, SSE parsing, usage extraction, the record built by `finish`), no I/O;
/// - client: `LLMClient.send` against the zero-delay stub, one request at a time (the request
///   built, the libcurl transfer, the callbacks, the record), without the runner or SQLite.
struct AllocationScenario {
    var requests = 2_000
    static let childArgument = "allocations-child"
    static let tracer = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"

    func run() throws -> ResultTable {
        guard FileManager.default.fileExists(atPath: Self.tracer) else {
            throw StubProcess.Failure(description: "allocations: \(Self.tracer) not found (glibc's malloc tracer; Debian package libc6)")
        }
        let stub = try StubProcess(tokens: 32)
        defer { stub.stop() }
        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for loop in ["recorder", "client"] {
            let trace = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-mtrace-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: trace) }
            let p = Process()
            let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            p.executableURL = URL(fileURLWithPath: me)
            p.arguments = [Self.childArgument, loop, String(requests), String(stub.port)]
            var env = ProcessInfo.processInfo.environment
            env["LD_PRELOAD"] = Self.tracer
            env["MALLOC_TRACE"] = trace
            p.environment = env
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw StubProcess.Failure(description: "allocations child (\(loop)) exited \(p.terminationStatus)") }
            var mallocs = 0, reallocs = 0
            let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                // "@ caller + 0xADDR 0xSIZE", "@ caller - 0xADDR", "@ caller < 0xADDR" / "> 0xADDR 0xSIZE".
                let f = line.split(separator: " ")
                if f.count >= 3 {
                    if f[2] == "+" { mallocs += 1 } else if f[2] == ">" { reallocs += 1 }
                }
            }
            let n = Double(requests)
            rows.append([loop, String(requests), Fmt.f(Double(mallocs) / n, 1), Fmt.f(Double(reallocs) / n, 1)])
            json.append(["requests": n, "mallocs_per_request": Double(mallocs) / n, "reallocs_per_request": Double(reallocs) / n,
                         "loop_is_client": loop == "client" ? 1 : 0])
        }
        return ResultTable(scenario: "allocations", title: "Heap allocations per request (glibc mtrace)",
                           columns: ["loop", "requests", "malloc+calloc per request", "realloc per request"],
                           rows: rows, json: json,
                           notes: ["recorder = RequestRecorder over a 32-event OpenAI stream (SSE parsing, usage, the record); "
                                   + "client = LLMClient.send against the zero-delay C stub, one at a time (request, libcurl, callbacks, record), "
                                   + "no runner, no SQLite. Counted by glibc's mtrace in a child process."])
    }

    /// The child: `allocations-child recorder|client N PORT`; returns the exit code.
    static func child(_ args: [String]) -> Int32 {
        guard args.count == 3, let n = Int(args[1]), let port = UInt16(args[2]) else { return 64 }
        guard let h = dlopen(nil, RTLD_NOW), let on = dlsym(h, "mtrace"), let off = dlsym(h, "muntrace") else { return 70 }
        typealias Fn = @convention(c) () -> Void
        let start = unsafeBitCast(on, to: Fn.self), stop = unsafeBitCast(off, to: Fn.self)
        if args[0] == "recorder" {
            let head = ["HTTP/1.1 200 OK\r\n", "Content-Type: text/event-stream\r\n", "Transfer-Encoding: chunked\r\n", "\r\n"].map { Array($0.utf8) }
            var events = ["data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"]
            for _ in 0..<32 { events.append("data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"}}]}\n\n") }
            events.append("data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[],\"usage\":{\"prompt_tokens\":128,\"completion_tokens\":32,\"total_tokens\":160}}\n\ndata: [DONE]\n\n")
            let body = Array(events.joined().utf8)
            let skeleton = RequestRecord(runId: "r", requestIndex: 0, model: "stub", dataset: "synthetic", itemId: "1", status: .error, intendedStartNs: 0)
            var sink = 0
            func one() {
                var r = RequestRecorder(skeleton: skeleton, format: ProviderKind.openai.wireFormat, stream: true, runStartNs: 0,
                                        secrets: ["sk-placeholder"], estimatedInputTokens: 128)
                r.markSent(atNs: 1)
                for l in head { l.withUnsafeBytes { _ = r.headerLine($0, atNs: 2) } }
                body.withUnsafeBytes { _ = r.body($0, atNs: 3) }
                sink &+= r.finish(.completed, atNs: 4, phases: TransferPhases()).usage?.outputTokens ?? 0
            }
            for _ in 0..<50 { one() }
            start()
            for _ in 0..<n { one() }
            stop()
            return sink == 32 * (n + 50) ? 0 : 1
        }
        let clock = SystemMonotonicClock()
        let client = LLMClient(clock: clock, runStartNs: clock.nowNs(), environment: [:])
        let model = ModelSpec(name: "stub", kind: .openai, baseURL: "http://127.0.0.1:\(port)/v1", modelId: "stub", stream: true)
        guard let item = try? BenchRun.workload(count: 1).first else { return 70 }
        let done = DispatchSemaphore(value: 0)
        func one() {
            client.send(item, to: model, runId: "r", requestIndex: 0, attempt: 0, intendedStartNs: 0, warmup: false) { _ in done.signal() }
            done.wait()
        }
        for _ in 0..<50 { one() }
        start()
        for _ in 0..<n { one() }
        stop()
        client.shutdown()
        return 0
    }
}
