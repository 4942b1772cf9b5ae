import Testing
import LLMBenchCore
@testable import Scheduler

@Suite struct TokenBucketTests {
    @Test func startsFullThenSpacesRequestsByRate() {
        var b = TokenBucket(ratePerSecond: 10, capacity: 2, nowNs: 0)
        #expect(b.acquire(nowNs: 0) == .proceed(eligibleSinceNs: 0))
        #expect(b.acquire(nowNs: 0) == .proceed(eligibleSinceNs: 0))
        // Empty: the next token arrives after 1/10 s.
        #expect(b.acquire(nowNs: 0) == .wait(ns: 100_000_000))
        #expect(b.acquire(nowNs: 50_000_000) == .wait(ns: 50_000_000))
        // Woken late, at 130 ms: the request was eligible since 100 ms (its intended start).
        #expect(b.acquire(nowNs: 130_000_000) == .proceed(eligibleSinceNs: 100_000_000))
        // 0.3 tokens left at 130 ms; one more token needs 70 ms.
        #expect(b.acquire(nowNs: 130_000_000) == .wait(ns: 70_000_000))
    }

    @Test func peekDoesNotSpend() {
        let b = TokenBucket(ratePerSecond: 1, capacity: 1, nowNs: 0)
        #expect(b.peek(cost: 1, nowNs: 0) == .proceed(eligibleSinceNs: 0))
        #expect(b.peek(cost: 1, nowNs: 0) == .proceed(eligibleSinceNs: 0))
    }

    @Test func oversizedCostWaitsForAFullBucketNotForever() {
        var b = TokenBucket(ratePerSecond: 100, capacity: 100, nowNs: 0)
        #expect(b.acquire(cost: 500, nowNs: 0) == .proceed(eligibleSinceNs: 0))
        #expect(b.acquire(cost: 500, nowNs: 0) == .wait(ns: 1_000_000_000))
    }

    @Test func longRunAchievesExactRateOnManualClock() {
        // 1,000 req/s with burst 1 for 10,000 requests: eligible times are exactly 1 ms apart.
        let clock = ManualClock()
        var b = TokenBucket(ratePerSecond: 1000, capacity: 1, nowNs: 0)
        var sent: [Int64] = []
        while sent.count < 10_000 {
            switch b.acquire(nowNs: clock.nowNs()) {
            case .proceed(let since): sent.append(since)
            case .wait(let ns): clock.advance(byNs: ns)
            }
        }
        let achieved = Double(sent.count - 1) / (Double(sent.last! - sent.first!) / 1e9)
        #expect(abs(achieved - 1000) / 1000 < 0.001)
    }

    @Test func limiterSpendsFromNoBucketWhenOneWaits() {
        var l = ModelLimiter(requestsPerSecond: 100, burst: 10,
                             limits: ModelLimits(tokensPerMinute: 600), nowNs: 0)
        // TPM bucket: 600 tokens/min = 10 tokens/s, capacity 600.
        #expect(l.acquire(tokens: 600, nowNs: 0) == .proceed(eligibleSinceNs: 0))
        // The request bucket still has 9 tokens, but the token bucket is empty: wait 10 s for 100 tokens.
        #expect(l.acquire(tokens: 100, nowNs: 0) == .wait(ns: 10_000_000_000))
        #expect(l.buckets[0].bucket.available(atNs: 0) == 9)
    }

    @Test func limiterWithNoLimitsAlwaysProceeds() {
        var l = ModelLimiter(requestsPerSecond: nil, burst: 1, limits: ModelLimits(), nowNs: 0)
        for i in 0..<100 { #expect(l.acquire(tokens: 10_000, nowNs: Int64(i)) == .proceed(eligibleSinceNs: .min)) }
    }
}

@Suite struct TokenBucketLateWakeTests {
    /// A scheduler that always wakes 80 µs after the moment it asked for still sends at exactly the
    /// target rate: the lateness is carried, not lost (burst 1, 1,000 req/s).
    @Test func lateWakeUpsDoNotLowerTheAchievedRate() {
        var b = TokenBucket(ratePerSecond: 1000, capacity: 1, nowNs: 0)
        var now: Int64 = 0
        var eligible: [Int64] = []
        var sent: [Int64] = []
        while sent.count < 10_000 {
            switch b.acquire(nowNs: now) {
            case .proceed(let since): eligible.append(since); sent.append(now)
            case .wait(let ns): now += ns + 80_000
            }
        }
        let achieved = Double(sent.count - 1) / (Double(sent.last! - sent.first!) / 1e9)
        #expect(abs(achieved - 1000) / 1000 < 0.001)
        // The intended starts stay on the 1 ms grid; the 80 µs lateness shows as dispatch lag.
        #expect(eligible[5000] == 5000 * 1_000_000)
        #expect(sent[5000] - eligible[5000] == 80_000)
    }

    @Test func aLongIdleSpellDoesNotBurstBeyondTheCapacity() {
        var b = TokenBucket(ratePerSecond: 10, capacity: 2, nowNs: 0)
        #expect(b.acquire(nowNs: 0) == .proceed(eligibleSinceNs: 0))
        #expect(b.acquire(nowNs: 0) == .proceed(eligibleSinceNs: 0))
        // Ten seconds idle: only two tokens (the capacity) are there.
        let t: Int64 = 10_000_000_000
        if case .proceed = b.acquire(nowNs: t) {} else { Issue.record("first after idle should proceed") }
        if case .proceed = b.acquire(nowNs: t) {} else { Issue.record("second after idle should proceed") }
        if case .wait = b.acquire(nowNs: t) {} else { Issue.record("third after idle should wait") }
    }
}
