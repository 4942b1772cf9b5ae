import Testing
import LLMBenchCore
@testable import Pricing

/// Hand-computed costs. Prices are micro-dollars per million tokens = pico-dollars per token,
/// so every expected value below is Σ tokens × price.
@Suite struct RequestCostTests {
    static let mini = PriceEntry(provider: "openai", model: "gpt-4o-mini",
                                 prices: TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000),
                                 batchDiscount: 0.5)
    static let haiku3 = PriceEntry(provider: "anthropic", model: "claude-3-haiku-20240307",
                                   prices: TokenPrices(input: 250_000, cachedInput: 30_000, cacheWrite: 300_000,
                                                       output: 1_250_000))
    static let pro25 = PriceEntry(provider: "gemini", model: "gemini-2.5-pro",
                                  prices: TokenPrices(input: 1_250_000, cachedInput: 125_000, output: 10_000_000),
                                  tiers: [PriceTier(abovePromptTokens: 200_000,
                                                    prices: TokenPrices(input: 2_500_000, cachedInput: 250_000,
                                                                        output: 15_000_000))])

    @Test func cachedInput() {
        // 6,000 uncached × 150,000 + 4,000 cached × 75,000 + 500 out × 600,000
        // = 900,000,000 + 300,000,000 + 300,000,000 = 1,500,000,000 pico = $0.0015
        let u = Usage(inputTokens: 10_000, outputTokens: 500, cachedInputTokens: 4_000, source: .server)
        let b = RequestPricing.breakdown(u, entry: Self.mini)!
        #expect(b.uncachedInput == 900_000_000)
        #expect(b.cachedInput == 300_000_000)
        #expect(b.output == 300_000_000)
        #expect(b.total == 1_500_000_000)
        #expect(RequestPricing.price(u, model: "gpt-4o-mini", entry: Self.mini) == .priced(1_500_000_000))
        #expect(MoneyFormat.dollars(b.total) == "$0.00150")
    }

    @Test func cacheWrites() {
        // uncached 2,000 × 250,000 = 500,000,000; read 1,000 × 30,000 = 30,000,000;
        // write 2,000 × 300,000 = 600,000,000; out 100 × 1,250,000 = 125,000,000 → 1,255,000,000
        let u = Usage(inputTokens: 5_000, outputTokens: 100, cachedInputTokens: 1_000, cacheWriteTokens: 2_000,
                      source: .server)
        let b = RequestPricing.breakdown(u, entry: Self.haiku3)!
        #expect(b.uncachedInput == 500_000_000)
        #expect(b.cachedInput == 30_000_000)
        #expect(b.cacheWrite == 600_000_000)
        #expect(b.output == 125_000_000)
        #expect(b.total == 1_255_000_000)
    }

    @Test func cacheWriteWithoutItsOwnPriceCostsInput() {
        // OpenAI has no write price: 100 written tokens cost the input price. 100 × 150,000 = 15,000,000
        let u = Usage(inputTokens: 100, outputTokens: 0, cacheWriteTokens: 100, source: .server)
        #expect(RequestPricing.breakdown(u, entry: Self.mini)!.total == 15_000_000)
    }

    @Test func reasoningPricedApartAndNot() {
        let apart = PriceEntry(provider: "x", model: "r1",
                               prices: TokenPrices(input: 1_000_000, output: 4_000_000, reasoningOutput: 8_000_000))
        let u = Usage(inputTokens: 100, outputTokens: 300, reasoningTokens: 200, source: .server)
        // 100 × 1e6 + 100 × 4e6 + 200 × 8e6 = 1e8 + 4e8 + 1.6e9 = 2.1e9
        let b = RequestPricing.breakdown(u, entry: apart)!
        #expect(b.reasoning == 1_600_000_000)
        #expect(b.output == 400_000_000)
        #expect(b.total == 2_100_000_000)
        // Without a reasoning price every output token pays the output price: 1e8 + 300 × 4e6 = 1.3e9
        var same = apart
        same.prices!.reasoningOutput = nil
        #expect(RequestPricing.breakdown(u, entry: same)!.total == 1_300_000_000)
    }

    @Test func tierThresholdIsStrictlyAbove() {
        // Just under: 199,999 × 1,250,000 + 1,000 × 10,000,000 = 249,998,750,000 + 10,000,000,000
        let under = Usage(inputTokens: 199_999, outputTokens: 1_000, source: .server)
        #expect(RequestPricing.breakdown(under, entry: Self.pro25)!.total == 259_998_750_000)
        // Exactly at 200,000 ("prompts <= 200k" are base): 250,000,000,000 + 10,000,000,000
        let at = Usage(inputTokens: 200_000, outputTokens: 1_000, source: .server)
        let atB = RequestPricing.breakdown(at, entry: Self.pro25)!
        #expect(atB.total == 260_000_000_000)
        #expect(atB.tierAbovePromptTokens == nil)
        // Just over: the whole request at tier prices, output included:
        // 200,001 × 2,500,000 + 1,000 × 15,000,000 = 500,002,500,000 + 15,000,000,000
        let over = Usage(inputTokens: 200_001, outputTokens: 1_000, source: .server)
        let overB = RequestPricing.breakdown(over, entry: Self.pro25)!
        #expect(overB.total == 515_002_500_000)
        #expect(overB.tierAbovePromptTokens == 200_000)
    }

    @Test func tierCountsCachedTokensInThePrompt() {
        // 150,000 uncached + 60,000 cached = 210,000 prompt tokens > 200,000 → tier prices:
        // 150,000 × 2,500,000 + 60,000 × 250,000 = 375,000,000,000 + 15,000,000,000
        let u = Usage(inputTokens: 210_000, outputTokens: 0, cachedInputTokens: 60_000, source: .server)
        #expect(RequestPricing.breakdown(u, entry: Self.pro25)!.total == 390_000_000_000)
    }

    @Test func inclusiveTierAndMissingTierFieldsInherit() {
        // Tier ≥ 100 gives only an input price; output inherits the base output price.
        let e = PriceEntry(provider: "x", model: "t", prices: TokenPrices(input: 10, output: 20),
                           tiers: [PriceTier(abovePromptTokens: 100, inclusive: true, prices: TokenPrices(input: 30))])
        let u = Usage(inputTokens: 100, outputTokens: 1, source: .server)
        #expect(RequestPricing.breakdown(u, entry: e)!.total == 100 * 30 + 20)
        let u2 = Usage(inputTokens: 99, outputTokens: 1, source: .server)
        #expect(RequestPricing.breakdown(u2, entry: e)!.total == 99 * 10 + 20)
    }

    @Test func batchDiscount() {
        // 1,000 × 150,000 = 150,000,000 → 75,000,000; 1,000 × 600,000 = 600,000,000 → 300,000,000
        let u = Usage(inputTokens: 1_000, outputTokens: 1_000, source: .server)
        let b = RequestPricing.breakdown(u, entry: Self.mini, batch: true)!
        #expect(b.input == 75_000_000)
        #expect(b.outputTotal == 300_000_000)
        #expect(b.total == 375_000_000)
        #expect(b.batchDiscountPPM == 500_000)
        // Half a pico-dollar rounds away from zero: 1 token × 3 pico × 0.5 = 1.5 → 2.
        let tiny = PriceEntry(provider: "x", model: "tiny", prices: TokenPrices(input: 3, output: 0), batchDiscount: 0.5)
        #expect(RequestPricing.breakdown(Usage(inputTokens: 1, outputTokens: 0, source: .server),
                                         entry: tiny, batch: true)!.total == 2)
        // No batch discount on the entry: full price.
        let u3 = Usage(inputTokens: 1_000, outputTokens: 0, source: .server)
        #expect(RequestPricing.breakdown(u3, entry: Self.haiku3, batch: true)!.total == 250_000_000)
    }

    @Test func noPriceNeverZero() {
        let u = Usage(inputTokens: 10, outputTokens: 10, source: .server)
        let outcome = RequestPricing.price(u, model: "mystery-model", entry: nil)
        #expect(outcome == .noPrice(model: "mystery-model"))
        #expect(outcome.display == "no price")
        #expect(outcome.picoDollars == nil)
        #expect(RequestPricing.price(nil, model: "gpt-4o-mini", entry: Self.mini) == .noUsage)
    }

    @Test func estimatesArePricedOnlyWhenAsked() {
        let u = Usage(inputTokens: 1_000, outputTokens: 100, source: .estimated)
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini) == .estimatedNotPriced)
        #expect(RequestPricing.breakdown(u, entry: Self.mini) == nil)
        // 1,000 × 150,000 + 100 × 600,000 = 150,000,000 + 60,000,000
        #expect(RequestPricing.price(u, model: "m", entry: Self.mini, priceEstimates: true) == .priced(210_000_000))
        #expect(RequestPricing.breakdown(u, entry: Self.mini, priceEstimates: true)!.fromEstimates)
    }

    @Test func worstCase() {
        // 2,000 prompt tokens uncached + 512 output at the output price:
        // 2,000 × 150,000 + 512 × 600,000 = 300,000,000 + 307,200,000
        #expect(RequestPricing.worstCase(estimatedInputTokens: 2_000, maxOutputTokens: 512, entry: Self.mini)
                == 607_200_000)
        let many = RequestPricing.worstCase(of: [(2_000, 512), (1_000, 0)], entry: Self.mini)
        #expect(many == PicoDollars(607_200_000 + 150_000_000))
    }

    @Test func selfHostedGPUHour() {
        // $2.50 per GPU-hour × 4 GPUs × 1.5 h = $15 = 15,000,000,000,000 pico (the intermediate
        // 2,500,000 × 4 × 5.4e12 overflows Int64: computed on 128 bits).
        let e = PriceEntry(provider: "self-hosted", model: "llama", gpuHourUSDMicros: 2_500_000, gpuCount: 4)
        #expect(RequestPricing.price(Usage(inputTokens: 1, outputTokens: 1, source: .server), model: "llama",
                                     entry: e) == .selfHosted(model: "llama"))
        let c = SelfHostedCost(entry: e, activeDurationNs: 5_400_000_000_000, requests: 7,
                               inputTokens: 600_000, outputTokens: 150_000)!
        #expect(c.runCost == 15_000_000_000_000)
        // 15e12 / 7 = 2,142,857,142,857.14… → 2,142,857,142,857
        #expect(c.perRequest == 2_142_857_142_857)
        // 15e12 pico / 750,000 tokens = 20,000,000 pico per token = $20 per million tokens
        #expect(c.perMillionTokensMicros == 20_000_000)
        // Rounding to the pico-dollar: 1 µ$/GPU-hour × 1 GPU × 1.8 ms = 0.5 pico → 1; 1,799,999 ns → 0.
        #expect(SelfHostedCost.runCost(rateMicrosPerGPUHour: 1, gpuCount: 1, activeDurationNs: 1_800_000) == 1)
        #expect(SelfHostedCost.runCost(rateMicrosPerGPUHour: 1, gpuCount: 1, activeDurationNs: 1_799_999) == 0)
        #expect(SelfHostedCost(entry: Self.mini, activeDurationNs: 1, requests: 1, inputTokens: 0, outputTokens: 0) == nil)
    }

    @Test func inconsistentCountsAreClamped() {
        // cached (20) > input (10): all 10 are cached → 10 × 75,000; reasoning > output → all reasoning.
        let u = Usage(inputTokens: 10, outputTokens: 5, cachedInputTokens: 20, reasoningTokens: 9, source: .server)
        #expect(RequestPricing.breakdown(u, entry: Self.mini)!.total == 10 * 75_000 + 5 * 600_000)
    }
}
