import Testing
import LLMBenchCore
@testable import Pricing

@Suite struct ProjectionTests {
    static let entry = PriceEntry(provider: "openai", model: "gpt-4o-mini",
                                  prices: TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000))
    /// 100 requests: input 1,000…1,099 tokens (i + 1000), output 100 + i, costs at gpt-4o-mini prices.
    static let samples: [CostProjector.Sample] = (0..<100).map { i in
        let input = 1_000 + i, output = 100 + i
        return .init(cost: Int64(input) * 150_000 + Int64(output) * 600_000, inputTokens: input, outputTokens: output)
    }

    @Test func splitMix64KnownSequence() {
        // SplitMix64 with seed 0: first outputs of the reference implementation.
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func expectedMonthlyIsMeanTimesVolume() throws {
        let p = try #require(CostProjector.project(samples: Self.samples, meanLatencyNs: 2_500_000_000,
                                                   volume: Volume(requests: 2_000_000, per: .month),
                                                   limits: ModelLimits(), entry: Self.entry, seed: 42))
        // mean input 1,049.5, mean output 149.5 → mean cost 1,049.5 × 150,000 + 149.5 × 600,000
        // = 157,425,000 + 89,700,000 = 247,125,000 pico; × 2,000,000 = 494,250,000,000,000 ($494.25)
        #expect(p.expectedMonthly == 494_250_000_000_000)
        #expect(p.monthlyRequests == 2_000_000)
        #expect(p.resamples == 2000)
        #expect(p.intervalLow <= p.expectedMonthly && p.expectedMonthly <= p.intervalHigh)
        #expect(p.intervalLow < p.intervalHigh)
        // p95 tokens: 1,000 + 0.95 × 99 = 1,094.05 → 1,095; 100 + 94.05 → 195 (rounded up)
        #expect(p.p95InputTokens == 1_095)
        #expect(p.p95OutputTokens == 195)
        // (1,095 × 150,000 + 195 × 600,000) × 2,000,000 = (164,250,000 + 117,000,000) × 2e6
        #expect(p.p95TokenWorstCaseMonthly == 562_500_000_000_000)
    }

    @Test func bootstrapIsDeterministicBySeed() throws {
        func run(_ seed: UInt64) -> CostProjection? {
            CostProjector.project(samples: Self.samples, meanLatencyNs: 1, volume: Volume(requests: 50_000, per: .day),
                                  limits: ModelLimits(), entry: nil, seed: seed, resamples: 500)
        }
        let a = try #require(run(7)), b = try #require(run(7)), c = try #require(run(8))
        #expect(a == b)
        #expect(a.intervalLow != c.intervalLow || a.intervalHigh != c.intervalHigh)
        #expect(a.monthlyRequests == 1_500_000)
        #expect(a.p95TokenWorstCaseMonthly == nil)
    }

    @Test func littlesLawAndLimits() throws {
        // 2,000,000 / month = 2,000,000 / 43,200 min = 46.296… rpm = 0.771604… req/s;
        // × 2.5 s mean latency = 1.929012… concurrent requests.
        let limits = ModelLimits(maxConcurrency: 1, requestsPerMinute: 500, tokensPerMinute: 50_000)
        let p = try #require(CostProjector.project(samples: Self.samples, meanLatencyNs: 2_500_000_000,
                                                   volume: Volume(requests: 2_000_000, per: .month),
                                                   limits: limits, entry: Self.entry, seed: 1, resamples: 10))
        #expect(abs(p.requestsPerMinute.needed - 2_000_000.0 / 43_200) < 1e-9)
        #expect(p.requestsPerMinute.over == false)
        #expect(abs(p.concurrency.needed - 2_000_000.0 / 43_200 / 60 * 2.5) < 1e-9)
        #expect(p.concurrency.over == true)
        // mean tokens per request 1,049.5 + 149.5 = 1,199 → 46.296… × 1,199 = 55,509.26 tpm > 50,000
        #expect(abs(p.tokensPerMinute.needed - 2_000_000.0 / 43_200 * 1_199) < 1e-6)
        #expect(p.tokensPerMinute.over == true)
        let none = LimitCheck(needed: 1, limit: nil)
        #expect(none.over == nil)
    }

    @Test func emptyInputsGiveNoProjection() {
        #expect(CostProjector.project(samples: [], meanLatencyNs: 1, volume: Volume(requests: 1, per: .day),
                                      limits: ModelLimits(), entry: nil, seed: 1) == nil)
        #expect(CostProjector.project(samples: Self.samples, meanLatencyNs: 1, volume: Volume(requests: 0, per: .day),
                                      limits: ModelLimits(), entry: nil, seed: 1) == nil)
    }
}
