import LLMBenchCore
import Testing
@testable import Simulator

@Suite struct PromptCacheTableTests {
    let p = [PromptCacheTable.Prefix(key: 1, tokens: 1024), PromptCacheTable.Prefix(key: 2, tokens: 1152)]

    @Test func aPrefixSeenWithinItsLifetimeIsRead() {
        var t = PromptCacheTable()
        let fiveMin = CacheTTL.fiveMinutes.nanoseconds
        #expect(t.use(p, ttlNs: fiveMin, nowNs: 0) == .init(readTokens: 0, writeTokens: 1152))
        #expect(t.use(p, ttlNs: fiveMin, nowNs: fiveMin - 1) == .init(readTokens: 1152, writeTokens: 0))
        // The hit refreshed the lifetime: still live just under five minutes after it.
        #expect(t.use(p, ttlNs: fiveMin, nowNs: 2 * fiveMin - 2).readTokens == 1152)
        // Expired: a write again.
        #expect(t.use(p, ttlNs: fiveMin, nowNs: 4 * fiveMin) == .init(readTokens: 0, writeTokens: 1152))
    }

    @Test func oneHourOutlivesFiveMinutes() {
        var t = PromptCacheTable()
        _ = t.use(p, ttlNs: CacheTTL.oneHour.nanoseconds, nowNs: 0)
        #expect(t.use(p, ttlNs: CacheTTL.oneHour.nanoseconds, nowNs: 59 * 60 * 1_000_000_000).readTokens == 1152)
        var s = PromptCacheTable()
        _ = s.use(p, ttlNs: CacheTTL.fiveMinutes.nanoseconds, nowNs: 0)
        #expect(s.use(p, ttlNs: CacheTTL.fiveMinutes.nanoseconds, nowNs: 6 * 60 * 1_000_000_000).readTokens == 0)
    }

    @Test func theLongestLivePrefixIsRead() {
        var t = PromptCacheTable()
        _ = t.use([p[0]], ttlNs: 100, nowNs: 0)
        #expect(t.use(p, ttlNs: 100, nowNs: 1) == .init(readTokens: 1024, writeTokens: 1152))
    }

    @Test func capacityIsBounded() {
        var t = PromptCacheTable(capacity: 3)
        for k in 0..<10 { _ = t.use([.init(key: UInt64(k), tokens: 1)], ttlNs: 1_000, nowNs: Int64(k)) }
        #expect(t.count == 3)
        // The newest entries were kept.
        #expect(t.use([.init(key: 9, tokens: 1)], ttlNs: 1_000, nowNs: 10).readTokens == 1)
    }

    @Test func sharedCacheReadsTheInjectedClock() {
        let clock = ManualClock()
        let cache = SimulatedPromptCache(clock: clock)
        #expect(cache.use(p, ttlNs: 10).readTokens == 0)
        #expect(cache.use(p, ttlNs: 10).readTokens == 1152)
        clock.advance(byNs: 100)
        #expect(cache.use(p, ttlNs: 10).readTokens == 0)
    }

    @Test func automaticPrefixesCountBlocksOf128Tokens() {
        let shared = String(repeating: "abcd", count: 5_000)   // 5,000 tokens
        let a = PromptPrefixes.automatic(model: "m", segments: ["sys", shared + "one"], minTokens: 1024)
        let b = PromptPrefixes.automatic(model: "m", segments: ["sys", shared + "two"], minTokens: 1024)
        #expect(a.first?.tokens == 1024 && a.allSatisfy { $0.tokens % 128 == 0 })
        // Same blocks while the text is the same; the other model shares none.
        let common = zip(a, b).filter { $0.key == $1.key }.count
        #expect(common == a.count)   // "one"/"two" fall in the last, partial block
        let other = PromptPrefixes.automatic(model: "n", segments: ["sys", shared], minTokens: 1024)
        #expect(Set(other.map(\.key)).isDisjoint(with: a.map(\.key)))
        #expect(PromptPrefixes.automatic(model: "m", segments: ["short"], minTokens: 1024).isEmpty)
    }

    @Test func breakpointPrefixes() {
        let sys = String(repeating: "x", count: 8_000)
        let p = PromptPrefixes.breakpoint(model: "m", segments: [sys, "user"], through: 0, minTokens: 1024)
        #expect(p?.tokens == 2_000)
        #expect(PromptPrefixes.breakpoint(model: "m", segments: [sys, "user"], through: 1, minTokens: 1024)?.key != p?.key)
        #expect(PromptPrefixes.breakpoint(model: "m", segments: ["short"], through: 0, minTokens: 1024) == nil)
        #expect(PromptPrefixes.breakpoint(model: "m", segments: [sys], through: 3, minTokens: 0) == nil)
    }
}

@Suite struct SimulatedReasoningTests {
    let profile = ReasoningProfile(lowTokens: 100, mediumTokens: 400, highTokens: 1600, sigma: 0, nsPerToken: 2_000_000,
                                   streamed: false)

    @Test func effortChangesTokensAndTime() throws {
        var rng = SplitMix64(seed: 1)
        let low = try #require(SimulatedReasoning.draw(ReasoningAsk(effort: .low), profile: profile, rng: &rng))
        let high = try #require(SimulatedReasoning.draw(ReasoningAsk(effort: .high), profile: profile, rng: &rng))
        #expect(low == SimulatedReasoning(tokens: 100, durationNs: 200_000_000))
        #expect(high == SimulatedReasoning(tokens: 1600, durationNs: 3_200_000_000))
        // No effort asked: the profile's default (medium).
        #expect(SimulatedReasoning.draw(nil, profile: profile, rng: &rng)?.tokens == 400)
    }

    @Test func budgetBoundsTheThinking() {
        var rng = SplitMix64(seed: 1)
        #expect(SimulatedReasoning.draw(ReasoningAsk(budgetTokens: 2048), profile: profile, rng: &rng)?.tokens == 1024)
        #expect(SimulatedReasoning.draw(ReasoningAsk(effort: .high, budgetTokens: 1024), profile: profile, rng: &rng)?.tokens == 1024)
        #expect(SimulatedReasoning.draw(ReasoningAsk(disabled: true), profile: profile, rng: &rng) == nil)
        var quiet = profile
        quiet.defaultEffort = nil
        #expect(SimulatedReasoning.draw(nil, profile: quiet, rng: &rng) == nil)
    }

    @Test func drawsAreSeeded() {
        var p = profile
        p.sigma = 0.5
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        #expect(SimulatedReasoning.draw(nil, profile: p, rng: &a) == SimulatedReasoning.draw(nil, profile: p, rng: &b))
    }
}
