import Testing
import Datasets
import LLMBenchCore
@testable import Scheduler

/// `RunPlan.sharded`: one shard's part of the rates, streams, limits and seed (issue 17).
@Suite struct ShardPlanTests {
    func plan(_ profile: LoadProfile) -> RunPlan {
        var m = ModelSpec(name: "m", kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: "m")
        m.limits = ModelLimits(maxConcurrency: 10, requestsPerMinute: 600, tokensPerMinute: 90_000)
        return RunPlan(runId: "r", models: [m], planned: .list(work: []), profile: profile, concurrency: 16,
                       ratePerSecond: 8, maxDurationNs: 1_000_000_000, seed: 42)
    }

    @Test func ratesStreamsAndLimitsAreDividedByN() throws {
        let parts = try (1...3).map { plan(.poisson(ratePerSecond: 9)).sharded(try Shard(index: $0, count: 3)) }
        #expect(parts.map(\.concurrency) == [6, 5, 5])
        #expect(parts.allSatisfy { $0.ratePerSecond == 8.0 / 3 && $0.profile == .poisson(ratePerSecond: 3) })
        #expect(parts.map { $0.models[0].limits.maxConcurrency! }.reduce(0, +) == 10)
        #expect(parts.allSatisfy { $0.models[0].limits.requestsPerMinute == 200 && $0.models[0].limits.tokensPerMinute == 30_000 })
        #expect(Set(parts.map(\.seed)).count == 3 && !parts.map(\.seed).contains(42))
        let whole = plan(.concurrent).sharded(.whole)
        #expect(whole.seed == 42 && whole.concurrency == 16 && whole.shard == .whole)
    }

    /// N constant schedules at r/N, shard I offset by (I − 1)/N of its interval, are one evenly spaced schedule at r.
    @Test func constantSchedulesInterleaveEvenly() throws {
        let n = 4, rate = 20.0
        var times: [Int64] = []
        for i in 1...n {
            let p = plan(.constant(ratePerSecond: rate)).sharded(try Shard(index: i, count: n))
            guard case .constant(let r) = p.profile else { Issue.record("not constant"); return }
            var s = ArrivalSchedule(profile: p.profile, seed: p.seed, startNs: 0, phase: p.shard.phase)
            #expect(r == rate / Double(n))
            for _ in 0..<25 { times.append(s.next(startNs: 0)) }
        }
        times.sort()
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - 50_000_000) <= 1 }, "every 1/r = 50 ms: \(Set(gaps))")
    }
}
