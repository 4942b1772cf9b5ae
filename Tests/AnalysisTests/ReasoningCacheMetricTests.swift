import Testing
import LLMBenchCore
import Pricing
@testable import Analysis

/// The reasoning and caching figures of a group, by hand: cache hit ratio, reasoning tokens, reasoning
/// cost and its share, caching savings, and TTFO beside TTFT.
@Suite struct ReasoningCacheMetricTests {
    /// $1 in, $0.10 read, $1.25 5-minute write, $2 1-hour write, $5 out (µ$/1M tokens = p$ per token).
    static let entry = PriceEntry(provider: "anthropic", model: "m",
                                  prices: TokenPrices(input: 1_000_000, cachedInput: 100_000, cacheWrite: 1_250_000,
                                                      output: 5_000_000, cacheWrite1h: 2_000_000))

    static func record(_ index: Int, usage: Usage, firstToken: Double, firstOutput: Double) -> RequestRecord {
        var r = Fixture.ok(index: index, sent: 0, firstToken: firstToken, firstOutput: firstOutput, lastToken: firstOutput + 10,
                           done: firstOutput + 10)
        r.usage = usage
        return r
    }

    @Test func groupFiguresByHand() throws {
        // First: 6,000 in, 5,000 of them written for an hour; 300 out, 200 reasoning.
        // Second: 6,000 in, 5,000 read; 100 out, 50 reasoning.
        let first = Usage(inputTokens: 6_000, outputTokens: 300, cacheWriteTokens: 5_000, reasoningTokens: 200,
                          source: .server, reasoningSource: .estimated, cacheWrite1hTokens: 5_000)
        let second = Usage(inputTokens: 6_000, outputTokens: 100, cachedInputTokens: 5_000, reasoningTokens: 50,
                           source: .server, reasoningSource: .estimated)
        var a = RunAnalyzer(pricing: CostPricing(entries: ["m": Self.entry]))
        a.add(Self.record(0, usage: first, firstToken: 100, firstOutput: 400))
        a.add(Self.record(1, usage: second, firstToken: 50, firstOutput: 150))
        let g = try #require(a.finish(run: Fixture.run).group(GroupKey(model: "m", dataset: "qa")))

        #expect(g.value("cache_hit_ratio") == 5_000.0 / 12_000.0)
        #expect(g.value("reasoning_tokens_mean") == 125)
        // Costs (p$): first = 1,000 × 1e6 + 5,000 × 2e6 + 300 × 5e6 = 1e9 + 1e10 + 1.5e9 = 1.25e10;
        // second = 1,000 × 1e6 + 5,000 × 1e5 + 100 × 5e6 = 1e9 + 5e8 + 5e8 = 2e9. Total 1.45e10 p$ = $0.0145.
        #expect(abs((g.value("cost_usd_total") ?? 0) - 0.0145) < 1e-15)
        // Reasoning: 250 × 5e6 = 1.25e9 p$ = $0.00125; share 1.25e9 / 1.45e10.
        #expect(abs((g.value("reasoning_cost_usd_total") ?? 0) - 0.00125) < 1e-15)
        #expect(abs((g.value("reasoning_cost_usd_per_request_mean") ?? 0) - 0.000625) < 1e-15)
        #expect(abs((g.value("reasoning_cost_share") ?? 0) - 1.25e9 / 1.45e10) < 1e-12)
        // Savings: 10,000 cached or written tokens at $1 = 1e10; paid 5,000 × 2e6 + 5,000 × 1e5 = 1.05e10 → −5e8 p$.
        #expect(abs((g.value("cache_savings_usd_total") ?? 0) - (-0.0005)) < 1e-15)
        // TTFO is a summary row of its own beside TTFT.
        #expect(g.value(.ttftMs, .p50) == 75 && g.value("ttfo_ms_p50") == 275)
        #expect(g.value("thinking_ms_p50") == 200)
    }
}
