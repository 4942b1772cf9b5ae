import Foundation
import LLMBenchCore
import Simulator
import Synchronization
import Testing
@testable import Providers

/// Many long streams held at once on the transport's epoll loop, against the simulator: every one
/// completes, streamed, and all were in flight together.
@Suite struct SlowStreamsTests {
    static let streams = 1_000

    @Test func aThousandConcurrentSlowStreams() async throws {
        // 1,000 client sockets and the simulator's 1,000 ends, in this one process.
        let files = OpenFileLimit.raiseToHard()
        let budget = StreamBudget.plan(requested: Self.streams, openFiles: files.soft, hardLimit: files.hard, descriptorsPerStream: 2)
        try #require(budget.notice == nil, "\(budget.notice ?? "")")

        // 4 tokens each: the first after 200 ms, then one every 400 ms (about 1.4 s per stream).
        let slow = LatencyProfile(name: "slow", ttftMedianNs: 200_000_000, ttftSigma: 0, minTTFTNs: 200_000_000,
                                  interTokenMedianNs: 400_000_000, interTokenSigma: 0, freeTextTokensMedian: 4)
        let server = SimulatorServer(config: SimulatorConfig(profiles: [slow], seed: 7, timeScale: 1, eventLoopThreads: 2))
        let port = try server.start()
        defer { server.stop() }
        let model = ModelSpec(name: "slow", kind: .openai, baseURL: "http://127.0.0.1:\(port)/v1", modelId: "slow",
                              apiKeyEnv: "TEST_KEY", maxOutputTokens: 4, stream: true)
        let clock = SystemMonotonicClock()
        let client = LLMClient(clock: clock, runStartNs: clock.nowNs(), environment: ClientEndToEndTests.env,
                               timeouts: Timeouts(connectNs: 10_000_000_000, firstByteNs: 20_000_000_000,
                                                  idleNs: 20_000_000_000, totalNs: 30_000_000_000),
                               maxConnections: budget.connections)
        defer { client.shutdown() }

        let records = await withTaskGroup(of: RequestRecord.self) { group in
            for i in 0..<Self.streams {
                group.addTask { await ClientEndToEndTests.send(client, model, index: i) }
            }
            var all: [RequestRecord] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(records.count == Self.streams)
        let failed = records.filter { $0.status != .ok }
        #expect(failed.isEmpty, "\(failed.count) failed, first: \(failed.first?.errorKind?.rawValue ?? "") \(failed.first?.errorMessage ?? "")")
        #expect(records.allSatisfy { $0.usage?.outputTokens == 4 && $0.chunkArrivalsNs.count >= 2 })
        // Held at once: the last stream was sent before the first one ended.
        let lastSent = records.compactMap(\.sentNs).max() ?? .max
        let firstDone = records.compactMap(\.doneNs).min() ?? .min
        #expect(lastSent < firstDone, "streams were not all in flight together (last sent \(lastSent) ns, first done \(firstDone) ns)")
        #expect(client.inFlight == 0)
    }
}
