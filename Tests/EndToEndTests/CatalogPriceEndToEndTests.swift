import Foundation
import Testing

/// `llmbench price --catalog` on `PriceEndToEndTests`' hand-built run, checked against hand
/// calculations from datasets/pricing.json (micro-dollars per million tokens = pico-dollars per token).
@Suite struct CatalogPriceEndToEndTests {
    static func run(_ extra: [String], format: String = "json") throws -> Binary.Result {
        let db = try PriceEndToEndTests.makeDatabase()
        return try Binary.run(["price", "--db", db, "--volume", "2000000", "--per", "month", "--catalog", "--format", format] + extra)
    }

    @Test func everyCatalogModelCheapestFirstWithTheMeasuredOneMarked() throws {
        let r = try Self.run([])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try PriceEndToEndTests.json(r)
        #expect(doc["view"] as? String == "price_catalog")
        let models = try #require(doc["models"] as? [[String: Any]])
        #expect(models.count > 20)
        // gpt-4o-mini ran: its own 4 requests, (1000 in, 100 out) and (2000, 200) twice each at 150,000 / 600,000:
        // 210,000,000 + 420,000,000 per pair → Σ 1,260,000,000 × 2,000,000 / 4 = $630.00.
        let mini = try PriceEndToEndTests.model(doc, "gpt-4o-mini")
        #expect(mini["source"] as? String == "measured" && mini["measured_as"] as? String == "gpt-4o-mini")
        #expect(mini["pico_usd_per_month"] as? Double == 630_000_000_000_000)
        #expect(mini["batch_usd_per_month"] as? Double == 315)
        // gpt-4o is projected from all 6 requests (the mystery model's 2 too): 3 × (2,500,000,000 + 1,000,000,000)
        // + 3 × (5,000,000,000 + 2,000,000,000) = 31,500,000,000 × 2,000,000 / 6 = $10,500.
        let four = try PriceEndToEndTests.model(doc, "gpt-4o")
        #expect(four["source"] as? String == "projected" && four["requests"] as? Double == 6)
        #expect(four["usd_per_month"] as? Double == 10_500)
        // Cheapest: gpt-5-nano (50,000 / 400,000): 3 × 90,000,000 + 3 × 180,000,000 = 810,000,000 × 2,000,000 / 6 = $270.
        #expect(models.first?["model"] as? String == "gpt-5-nano")
        #expect(models.first?["usd_per_month"] as? Double == 270)
        let costs = models.compactMap { $0["usd_per_month"] as? Double }
        #expect(costs == costs.sorted())
        // Retired models are left out unless asked for; the caveat is in the notes.
        #expect(!models.contains { $0["model"] as? String == "gemini-1.5-flash" })
        #expect((doc["excluded"] as? [String] ?? []).contains { $0.hasPrefix("gemini-1.5-flash (retired 2025-09-24") })
        #expect((doc["notes"] as? [String] ?? []).contains { $0.contains("may tokenize the same text differently") })
        #expect(r.stderr.contains("mystery"))
    }

    @Test func retiredOnRequestAndWhatIfCaching() throws {
        let r = try Self.run(["--include-retired", "--cache-hit-ratio", "0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try PriceEndToEndTests.json(r)
        let flash = try PriceEndToEndTests.model(doc, "gemini-1.5-flash")
        #expect(flash["lifecycle"] as? String == "retired 2025-09-24")
        // gpt-4o-mini at 50% cached: (500 × 150,000 + 500 × 75,000 + 60,000,000) + (1,000 × 150,000 + 1,000 × 75,000
        // + 120,000,000) = 172,500,000 + 345,000,000 per pair → Σ 1,035,000,000 × 500,000 = $517.50.
        let mini = try PriceEndToEndTests.model(doc, "gpt-4o-mini")
        #expect(mini["what_if_usd_per_month"] as? Double == 517.5)
    }

    @Test func markdownSaysMeasuredProjectedAndTheTokenizerCaveat() throws {
        let r = try Self.run(["--dataset", "qa"], format: "markdown")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("### Measured token profile"))
        #expect(r.stdout.contains("| qa (projected) | 6 | 1,500.0 | 150.0 | 0.0 | 0% | 0% |"))
        #expect(r.stdout.contains("**measured** (gpt-4o-mini) | $630.00 | $315.00 | $630.00 |"))
        #expect(r.stdout.contains("Projected models may tokenize the same text differently"))
        let bad = try Self.run(["--dataset", "nope"], format: "markdown")
        #expect(bad.status == 65 && bad.stderr.contains("nope"))
        let usage = try Binary.run(["price", "--db", "x.sqlite", "--volume", "10", "--include-retired"])
        #expect(usage.status == 64 && usage.stderr.contains("--catalog"))
    }
}
