import Foundation
import Testing
import LLMBenchCore
@testable import Pricing

/// Hand-computed costs of reasoning and of the three cache prices (µ$ per 1M tokens = p$ per token).
@Suite struct ReasoningCacheCostTests {
    /// Claude Sonnet 4.5's list prices: $3 in, $0.30 read, $3.75 5-minute write, $6 1-hour write, $15 out.
    static let sonnet = PriceEntry(provider: "anthropic", model: "claude-sonnet-4-5",
                                   prices: TokenPrices(input: 3_000_000, cachedInput: 300_000, cacheWrite: 3_750_000,
                                                       output: 15_000_000, cacheWrite1h: 6_000_000))

    @Test func oneHourWritesHaveTheirOwnPrice() throws {
        // input 10,000 = 1,000 uncached + 3,000 read + 6,000 written (4,000 of them 1-hour).
        // uncached 1,000 × 3,000,000 = 3,000,000,000; read 3,000 × 300,000 = 900,000,000
        // 5m write 2,000 × 3,750,000 = 7,500,000,000; 1h write 4,000 × 6,000,000 = 24,000,000,000
        // output 600 (400 reasoning): 200 × 15,000,000 + 400 × 15,000,000 = 3,000,000,000 + 6,000,000,000
        let u = Usage(inputTokens: 10_000, outputTokens: 600, cachedInputTokens: 3_000, cacheWriteTokens: 6_000,
                      reasoningTokens: 400, source: .server, reasoningSource: .estimated, cacheWrite1hTokens: 4_000)
        let b = try #require(RequestPricing.breakdown(u, entry: Self.sonnet))
        #expect(b.uncachedInput == 3_000_000_000 && b.cachedInput == 900_000_000)
        #expect(b.cacheWrite == 7_500_000_000 && b.cacheWrite1h == 24_000_000_000)
        #expect(b.output == 3_000_000_000 && b.reasoning == 6_000_000_000)
        #expect(b.total == 44_400_000_000)
        // Savings: (3,000 + 6,000) × 3,000,000 = 27,000,000,000 at the input price, paid
        // 900,000,000 + 7,500,000,000 + 24,000,000,000 = 32,400,000,000 → −5,400,000,000 (writes cost more).
        #expect(b.cacheTokensAtInputPrice == 27_000_000_000)
        #expect(b.cachingSavings == -5_400_000_000)
        #expect(u.cacheWrite5mTokens == 2_000)
    }

    @Test func aCacheHitSavesNinetyPercentOfItsInput() throws {
        // 5,000 read: at input 15,000,000,000, paid 1,500,000,000 → saved 13,500,000,000.
        let u = Usage(inputTokens: 5_100, outputTokens: 10, cachedInputTokens: 5_000, source: .server)
        let b = try #require(RequestPricing.breakdown(u, entry: Self.sonnet))
        #expect(b.cachingSavings == 13_500_000_000)
        let s = try #require(CostSummary(priced: [(b, u), (b, u)]))
        #expect(s.cachingSavings == 27_000_000_000 && s.reasoningCost == 0)
    }

    @Test func missingOneHourPriceFallsBackToTheWritePrice() throws {
        var e = Self.sonnet
        e.prices?.cacheWrite1h = nil
        let u = Usage(inputTokens: 1_000, outputTokens: 1, cacheWriteTokens: 1_000, source: .server, cacheWrite1hTokens: 1_000)
        let b = try #require(RequestPricing.breakdown(u, entry: e))
        #expect(b.cacheWrite1h == 3_750_000_000 && b.cacheWrite == 0)
    }

    @Test func batchDiscountScalesEveryPart() throws {
        var e = Self.sonnet
        e.batchDiscount = 0.5
        let u = Usage(inputTokens: 2_000, outputTokens: 100, cachedInputTokens: 1_000, cacheWriteTokens: 1_000,
                      reasoningTokens: 50, source: .server, cacheWrite1hTokens: 1_000)
        let full = try #require(RequestPricing.breakdown(u, entry: e))
        let half = try #require(RequestPricing.breakdown(u, entry: e, batch: true))
        #expect(half.cacheWrite1h * 2 == full.cacheWrite1h && half.reasoning * 2 == full.reasoning)
        #expect(half.total * 2 == full.total && half.cachingSavings * 2 == full.cachingSavings)
    }

    @Test func theShippedCatalogPricesOneHourWritesAtTwiceTheInput() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/pricing.json")
        let catalog = try PriceCatalog.load(contentsOf: url)
        for e in catalog.entries where e.provider == "anthropic" {
            let p = try #require(e.prices)
            #expect(p.cacheWrite1h == p.input.map { $0 * 2 }, "\(e.model)")
        }
        #expect(catalog.entry(for: "claude-sonnet-4-5")?.prices?.cacheWrite1h == 6_000_000)
    }
}
