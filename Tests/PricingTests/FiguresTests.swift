import Testing
import LLMBenchCore
@testable import Pricing

@Suite struct FiguresTests {
    @Test func percentileMatchesNumpyLinear() {
        // numpy.percentile([1, 2, 3, 4], 95) = 3.85; [10] → 10; [1, 2] at 50 → 1.5
        #expect(abs(Percentile.linear([1, 2, 3, 4], 0.95)! - 3.85) < 1e-12)
        #expect(Percentile.linear([10], 0.95) == 10)
        #expect(Percentile.linear([1, 2], 0.5) == 1.5)
        #expect(Percentile.linear([], 0.5) == nil)
    }

    @Test func summaryOfAGroup() {
        let e = PriceEntry(provider: "x", model: "m", prices: TokenPrices(input: 150_000, output: 600_000))
        let usages = [Usage(inputTokens: 1_000, outputTokens: 100, source: .server),
                      Usage(inputTokens: 2_000, outputTokens: 200, source: .server),
                      Usage(inputTokens: 3_000, outputTokens: 300, source: .server)]
        // costs: 150,000,000 + 60,000,000 = 210,000,000; 420,000,000; 630,000,000
        let priced = usages.map { (RequestPricing.breakdown($0, entry: e)!, $0) }
        let s = CostSummary(priced: priced)!
        #expect(s.total == 1_260_000_000)
        #expect(s.meanPerRequest == 420_000_000)
        // p95 of [210, 420, 630] M: h = 2 × 0.95 = 1.9 → 420 + 0.9 × 210 = 609 M
        #expect(abs(s.p95PerRequest - 609_000_000) < 1e-3)
        #expect(s.per1000Requests == 420_000_000_000)
        #expect(s.paidInputPerMTokMicros == 150_000)
        #expect(s.paidOutputPerMTokMicros == 600_000)
        #expect(s.pricedFromEstimates == 0)
        #expect(CostSummary(priced: []) == nil)
    }

    @Test func blendedPrice() {
        // (3 × 150,000 + 600,000) / 4 = 262,500 µ$ per million tokens = $0.2625
        let e = PriceEntry(provider: "openai", model: "gpt-4o-mini", prices: TokenPrices(input: 150_000, output: 600_000))
        #expect(PriceComparison.blended(e) == 262_500)
        #expect(PriceComparison.blended(input: 2.5, output: 10) == 4.375)
    }

    @Test func relativeLabels() {
        let labels = PriceComparison.relativeLabels([262_500, 393_750, 393_751, 787_500, 787_501,
                                                     2_625_000, 2_625_001, nil])
        #expect(labels == [.veryLow, .veryLow, .low, .low, .moderate, .moderate, .high, nil])
        #expect(PriceComparison.relativeLabels([nil, 0]) == [nil, nil])
        #expect(PriceComparison.RelativeCost.high.rawValue == "High")
    }

    @Test func moneyFormatting() {
        #expect(MoneyFormat.dollars(15_000_000_000_000) == "$15.00")
        #expect(MoneyFormat.dollars(0) == "$0.00")
        #expect(MoneyFormat.dollars(1_234_567_890_123) == "$1.23")
        #expect(MoneyFormat.dollars(150_000_000) == "$0.000150")
        #expect(MoneyFormat.dollars(1) == "$0.000000000001")
        #expect(MoneyFormat.dollars(-2_500_000_000_000) == "-$2.50")
        #expect(MoneyFormat.dollars(5_000_000_000) == "$0.00500")
        #expect(MoneyFormat.perMillionTokens(150_000) == "$0.150")
        #expect(MoneyFormat.dollars(9_995_000_000) == "$0.01000")  // 0.009995 → 3 significant digits, rounded up
    }

    @Test func mulDivRounding() {
        #expect(MoneyMath.mulDivRounded(3, 1, 2) == 2)
        #expect(MoneyMath.mulDivRounded(-3, 1, 2) == -2)
        #expect(MoneyMath.mulDivRounded(5, 1, 4) == 1)
        #expect(MoneyMath.mulDivRounded(Int64.max, 2, 1) == nil)
        #expect(MoneyMath.mulDivRounded(1, 1, 0) == nil)
        #expect(MoneyMath.mulDivRounded(10_000_000, 5_400_000_000_000, 3_600_000) == 15_000_000_000_000)
    }
}
