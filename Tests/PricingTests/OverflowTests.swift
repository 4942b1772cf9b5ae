import Foundation
import LLMBenchCore
import Testing
@testable import Pricing

/// Issue 11, finding 2: absurd counts or prices never trap; such a request is not priced.
@Suite struct OverflowTests {
    static let mini = PriceEntry(provider: "openai", model: "gpt-4o-mini",
                                 prices: TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000))

    @Test(arguments: [1_000_000_000_000_000, Int(Int64.max / 2), Int(Int64.max)])
    func hugeUsageIsOutOfRangeNotATrap(tokens: Int) {
        let u = Usage(inputTokens: tokens, outputTokens: tokens, reasoningTokens: tokens / 2, source: .server)
        #expect(RequestPricing.breakdown(u, entry: Self.mini) == nil)
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini) == .outOfRange)
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini).display.contains("not priced"))
    }

    /// 10¹² tokens (the count that trapped before) is representable: priced exactly, no trap.
    @Test func aTrillionTokensIsPricedWithoutATrap() throws {
        let u = Usage(inputTokens: 1_000_000_000_000, outputTokens: 1_000_000_000_000, source: .server)
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini) == .priced(750_000_000_000_000_000))
        let s = try #require(CostSummary(priced: [(RequestPricing.breakdown(u, entry: Self.mini)!, u)]))
        #expect(s.per1000Requests == Int64.max && s.total == 750_000_000_000_000_000)
    }

    @Test func aLargeButRepresentableRequestIsPricedExactly() {
        // 10⁷ output tokens × 600,000 pico-dollars = $6.
        let u = Usage(inputTokens: 0, outputTokens: 10_000_000, source: .server)
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini) == .priced(6_000_000_000_000))
    }

    @Test func worstCaseSaturatesSoACapRefuses() {
        let dear = PriceEntry(provider: "x", model: "d", prices: TokenPrices(input: PriceEntry.maxPriceMicros,
                                                                              output: PriceEntry.maxPriceMicros))
        #expect(RequestPricing.worstCase(estimatedInputTokens: Int.max, maxOutputTokens: Int.max, entry: dear) == Int64.max)
        let many = Array(repeating: (estimatedInputTokens: 900_000_000, maxOutputTokens: 900_000_000), count: 3)
        #expect(RequestPricing.worstCase(of: many, entry: dear) == Int64.max)
    }

    @Test func summedTotalsSaturateAndSayTheyDid() throws {
        let b = CostBreakdown(uncachedInput: Int64.max / 2, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0,
                              tierAbovePromptTokens: nil, batchDiscountPPM: 0, fromEstimates: false)
        let u = Usage(inputTokens: 1, outputTokens: 0, source: .server)
        let s = try #require(CostSummary(priced: [(b, u), (b, u), (b, u)]))
        #expect(s.saturated)
        #expect(s.total == Int64.max)
        let ok = try #require(CostSummary(priced: [(b, u)]))
        #expect(!ok.saturated)
    }

    @Test func priceFilesNameTheFieldOfAnAbsurdNumber() {
        for (json, field) in [
            (#"{"models":[{"provider":"o","model":"m","prices_micro_usd_per_mtok":{"input":1e30,"output":1}}]}"#,
             "models[0].prices_micro_usd_per_mtok.input"),
            (#"{"models":[{"provider":"o","model":"m","prices_micro_usd_per_mtok":{"input":1,"output":20000000000}}]}"#,
             "prices_micro_usd_per_mtok.output"),
            (#"{"gpt-x":{"litellm_provider":"openai","input_cost_per_token":1e10,"output_cost_per_token":1}}"#,
             "input_cost_per_token"),
        ] {
            do {
                _ = try PriceCatalog.parse(Data(json.utf8), fileName: "p.json")
                Issue.record("accepted \(json)")
            } catch let e as LLMBenchError {
                #expect(e.exitCode == .dataError)
                #expect("\(e)".contains(field), "\(e)")
            } catch { Issue.record("\(error)") }
        }
    }
}
