import Testing
import LLMBenchCore
import Pricing
@testable import Analysis

/// `price --catalog`: known answers computed by hand from the catalog prices (pico-dollars).
@Suite struct CatalogProjectionTests {
    static let cheap = PriceEntry(provider: "openai", model: "cheap",
                                  prices: TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000), batchDiscount: 0.5)
    static let dear = PriceEntry(provider: "anthropic", model: "dear",
                                 prices: TokenPrices(input: 3_000_000, cachedInput: 300_000, cacheWrite: 3_750_000, output: 15_000_000))
    static let old = PriceEntry(provider: "openai", model: "old", prices: TokenPrices(input: 500_000, output: 1_500_000),
                                retired: Retirement(date: "2025-01-01"))
    static let hosted = PriceEntry(provider: "self-hosted", model: "hosted", gpuHourUSDMicros: 2_000_000, gpuCount: 1)
    static let tiered = PriceEntry(provider: "gemini", model: "tiered", prices: TokenPrices(input: 1_250_000, output: 10_000_000),
                                   tiers: [PriceTier(abovePromptTokens: 200, prices: TokenPrices(input: 2_500_000, output: 15_000_000))],
                                   deprecated: Deprecation())
    static let catalog = PriceCatalog(entries: [cheap, dear, old, hosted, tiered], catalogDate: "2026-11-30")

    /// m1 (priced as `cheap`): u1 = 1,000 in (400 cached), 200 out (50 reasoning); u2 = 3,000 in, 100 out.
    /// m2 (no catalog entry): u3 = 100 in, 300 out. Plus a warmup and an estimated attempt, never profiled.
    static func profile() -> TokenProfile {
        var p = TokenProfile()
        func record(_ model: String, _ i: Int, _ u: Usage, warmup: Bool = false) -> RequestRecord {
            RequestRecord(runId: "r", requestIndex: i, model: model, dataset: "qa", itemId: "i\(i)", warmup: warmup,
                          status: .ok, intendedStartNs: 0, sentNs: 0, doneNs: 1, usage: u)
        }
        p.add(record("m1", 0, Usage(inputTokens: 1_000, outputTokens: 200, cachedInputTokens: 400, reasoningTokens: 50, source: .server)))
        p.add(record("m1", 1, Usage(inputTokens: 3_000, outputTokens: 100, source: .server)))
        p.add(record("m2", 2, Usage(inputTokens: 100, outputTokens: 300, source: .server)))
        p.add(record("m1", 3, Usage(inputTokens: 9_999, outputTokens: 9_999, source: .server), warmup: true))
        p.add(record("m2", 4, Usage(inputTokens: 9_999, outputTokens: 9_999, source: .estimated)))
        return p
    }

    static let settings = [RunModelSettings(name: "m1", kind: "openai", modelId: "cheap"),
                           RunModelSettings(name: "m2", kind: "openai", modelId: "unknown-model")]
    /// 1,000 a day = 30,000 a month: monthly = Σ cost × 30,000 / n.
    static let volume = Volume(requests: 1_000, per: .day)

    static func project(includeRetired: Bool = false, whatIf: Double? = nil) throws -> CatalogProjection {
        try CatalogProjection(runId: "r", simulated: true, profile: profile(), settings: settings, catalog: catalog,
                              dataset: nil, volume: volume, today: "2026-12-01", includeRetired: includeRetired,
                              whatIfHitRatio: whatIf)
    }

    @Test func measuredModelIsPricedFromItsOwnAttempts() throws {
        let p = try Self.project(whatIf: 0.5)
        let row = try #require(p.rows.first)
        #expect(row.model == "cheap" && row.measuredAs == "m1" && row.requests == 2)
        // u1: 600 × 150,000 + 400 × 75,000 + 200 × 600,000 = 240,000,000; u2: 3,000 × 150,000 + 100 × 600,000 = 510,000,000.
        // Σ 750,000,000 × 30,000 / 2 = 11,250,000,000,000 ($11.25).
        #expect(row.monthly == 11_250_000_000_000)
        // Batch: each side halved: 120,000,000 + 255,000,000 = 375,000,000 → × 15,000.
        #expect(row.batchMonthly == 5_625_000_000_000)
        // Uncached: u1 1,000 × 150,000 + 120,000,000 = 270,000,000; Σ 780,000,000 → × 15,000.
        #expect(row.uncachedMonthly == 11_700_000_000_000)
        // At 50%: u1 500 × 150,000 + 500 × 75,000 + 120,000,000 = 232,500,000; u2 1,500 × 150,000 + 1,500 × 75,000
        // + 60,000,000 = 397,500,000; Σ 630,000,000 → × 15,000.
        #expect(row.whatIfMonthly == 9_450_000_000_000)
    }

    @Test func otherEntriesAreProjectedFromThePooledProfileCheapestFirst() throws {
        let p = try Self.project()
        #expect(p.rows.map(\.model) == ["cheap", "tiered", "dear"])
        #expect(p.rows.map(\.isMeasured) == [true, false, false])
        // tiered (u1, u2 above 200 prompt tokens pay the tier on every token; cached falls back to the tier's input):
        // u1 1,000 × 2,500,000 + 200 × 15,000,000 = 5,500,000,000; u2 3,000 × 2,500,000 + 100 × 15,000,000 = 9,000,000,000;
        // u3 100 × 1,250,000 + 300 × 10,000,000 = 3,125,000,000. Σ 17,625,000,000 × 30,000 / 3.
        #expect(p.rows[1].monthly == 176_250_000_000_000)
        #expect(p.rows[1].lifecycle == "deprecated")
        #expect(p.rows[1].batchMonthly == nil)
        // dear: u1 600 × 3,000,000 + 400 × 300,000 + 200 × 15,000,000 = 4,920,000,000; u2 9,000,000,000 + 1,500,000,000;
        // u3 300,000,000 + 4,500,000,000. Σ 20,220,000,000 × 10,000.
        #expect(p.rows[2].monthly == 202_200_000_000_000)
        #expect(p.rows[2].requests == 3)
        #expect(p.rows[2].whatIfMonthly == nil)
        #expect(p.excluded == ["old (retired 2025-01-01)", "hosted (self-hosted, priced per GPU-hour)"])
        #expect(p.warnings.count == 1 && p.warnings[0].contains("m2") && p.warnings[0].contains("unknown-model"))
        #expect(p.profiledModels == ["m1", "m2"])
    }

    @Test func retiredEntriesOnlyOnRequest() throws {
        let p = try Self.project(includeRetired: true)
        #expect(p.rows.map(\.model) == ["cheap", "old", "tiered", "dear"])
        // old: u1 1,000 × 500,000 + 200 × 1,500,000 = 800,000,000; u2 1,650,000,000; u3 500,000,000. Σ 2,950,000,000 × 10,000.
        #expect(p.rows[1].monthly == 29_500_000_000_000)
        #expect(p.rows[1].lifecycle == "retired 2025-01-01")
        #expect(p.excluded == ["hosted (self-hosted, priced per GPU-hour)"])
    }

    @Test func profileFigures() throws {
        let all = try Self.project().profile.last!
        #expect(all.dataset == nil && all.requests == 3)
        #expect(abs(all.meanInputTokens! - 4_100.0 / 3) < 1e-9)
        #expect(all.meanOutputTokens == 200)
        #expect(abs(all.meanReasoningTokens! - 50.0 / 3) < 1e-9)
        #expect(abs(all.cacheHitRatio! - 400.0 / 4_100) < 1e-12)
        #expect(all.cacheWriteRatio == 0)
    }

    @Test func unknownDatasetAndEmptyRunAreDataErrors() {
        #expect(throws: LLMBenchError.self) {
            try CatalogProjection(runId: "r", simulated: false, profile: Self.profile(), settings: Self.settings, catalog: Self.catalog,
                                  dataset: "nope", volume: Self.volume, today: "2026-12-01")
        }
        #expect(throws: LLMBenchError.self) {
            try CatalogProjection(runId: "r", simulated: false, profile: TokenProfile(), settings: [], catalog: Self.catalog,
                                  dataset: nil, volume: Self.volume, today: "2026-12-01")
        }
    }
}
