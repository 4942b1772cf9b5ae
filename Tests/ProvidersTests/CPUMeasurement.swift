import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LLMBenchCore
import Providers
import Testing

/// A measurement, not a test: CPU per streamed 32-token request through LLMClient against the
/// loopback server. Runs only when asked:
///
///     LLMBENCH_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter CPUMeasurement
///
/// Prints the client loop thread's CPU per request (transport + SSE + decode + record) and the
/// whole process's (which also includes the in-process server). Asserts only that all succeeded.
@Suite struct CPUMeasurement {
    static let enabled = ProcessInfo.processInfo.environment["LLMBENCH_MEASURE"] != nil

    @Test(.enabled(if: enabled)) func cpuPerStreamedRequest() async throws {
        let tokens = 32, total = 2000, warmup = 200, concurrency = 64
        var chunks = ["data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"]
        for i in 0..<tokens {
            chunks.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"sim\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" tok\(i)\"},\"finish_reason\":null}]}\n\n")
        }
        chunks.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"sim\",\"choices\":[],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":\(tokens)}}\n\ndata: [DONE]\n\n")
        let response = CannedResponse(chunks: chunks)
        let server = try LoopbackServer { _ in response }
        defer { server.stop() }
        let clock = SystemMonotonicClock()
        let client = LLMClient(clock: clock, runStartNs: clock.nowNs(), environment: ["TEST_KEY": "k"])
        defer { client.shutdown() }
        let model = ModelSpec(name: "m", kind: .openai, baseURL: server.baseURL, modelId: "sim", apiKeyEnv: "TEST_KEY")

        func run(_ n: Int) async -> (ok: Int, wallNs: Int64) {
            let state = Counter(limit: n)
            let start = clock.nowNs()
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                @Sendable func issue() {
                    guard let index = state.take() else { return }
                    client.send(Fixtures.item, to: model, runId: "m", requestIndex: index, attempt: 0,
                                intendedStartNs: 0, warmup: false) { r in
                        if state.finish(ok: r.status == .ok && r.usage?.outputTokens == tokens) { done.resume() } else { issue() }
                    }
                }
                for _ in 0..<concurrency { issue() }
            }
            return (state.ok, clock.nowNs() - start)
        }

        _ = await run(warmup)
        let loop0 = client.transportCPUTimeNs ?? 0
        var u0 = rusage(); getrusage(RUSAGE_SELF.rawValue, &u0)
        let (ok, wall) = await run(total)
        let loop1 = client.transportCPUTimeNs ?? 0
        var u1 = rusage(); getrusage(RUSAGE_SELF.rawValue, &u1)
        func ns(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1000 }
        let process = (ns(u1.ru_utime) + ns(u1.ru_stime)) - (ns(u0.ru_utime) + ns(u0.ru_stime))
        let perLoop = Double(loop1 - loop0) / Double(total) / 1e6
        let perProcess = Double(process) / Double(total) / 1e6
        print(String(format: "CPUMeasurement: %d requests x %d tokens at concurrency %d: client loop %.3f ms CPU/request, whole process (with server) %.3f ms/request, %.0f req/s, %d connections",
                     total, tokens, concurrency, perLoop, perProcess, Double(total) / (Double(wall) / 1e9), server.acceptedConnections))
        #expect(ok == total)
    }
}

/// Issues request numbers up to a limit and counts completions, from any thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var issued = 0, completed = 0
    private(set) var ok = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func take() -> Int? { lock.withLock { guard issued < limit else { return nil }; issued += 1; return issued - 1 } }
    /// Returns true for the last completion.
    func finish(ok success: Bool) -> Bool {
        lock.withLock { completed += 1; if success { ok += 1 }; return completed == limit }
    }
}
