import Foundation
import Testing
import LLMBenchCore
@testable import Pricing

enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let catalog = testsDir.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets/pricing.json")
}

@Suite struct CatalogTests {
    let catalog: PriceCatalog

    init() throws { catalog = try PriceCatalog.load(contentsOf: Paths.catalog) }

    @Test func everyEntryCitesASourceAndADate() throws {
        #expect(catalog.catalogVersion == 1)
        #expect(catalog.catalogDate == "2026-12-01")
        #expect(catalog.entries.count >= 20)
        let datePattern = /^\d{4}-\d{2}-\d{2}$/
        for e in catalog.entries {
            let url = try #require(e.sourceURL, "\(e.model) has no source_url")
            #expect(url.hasPrefix("https://"), "\(e.model): source_url \(url)")
            let date = try #require(e.effectiveDate, "\(e.model) has no effective_date")
            #expect(date.wholeMatch(of: datePattern) != nil, "\(e.model): effective_date \(date)")
            #expect(date <= catalog.catalogDate!, "\(e.model): effective_date after the catalog date")
            #expect(e.validationProblem() == nil, "\(e.model): \(e.validationProblem() ?? "")")
            #expect(e.currency == "USD")
            if let r = e.retired { #expect(r.date.wholeMatch(of: datePattern) != nil) }
        }
    }

    @Test func requiredModelsArePresent() {
        for id in ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo", "claude-3-haiku", "claude-3.5-haiku",
                   "gemini-1.5-flash", "gemini-2.0-flash", "gpt-4.1", "gpt-5", "o3", "claude-sonnet-4-5",
                   "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"] {
            #expect(catalog.entry(for: id) != nil, "missing \(id)")
        }
    }

    @Test func publishedPricesAndTiers() throws {
        let mini = try #require(catalog.entry(for: "gpt-4o-mini"))
        #expect(mini.prices == TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000))
        let flash = try #require(catalog.entry(for: "gemini-1.5-flash"))
        #expect(flash.tiers?.first?.abovePromptTokens == 128_000)
        #expect(flash.prices(forPromptTokens: 128_001)?.prices.input == 150_000)
        #expect(flash.retired?.date == "2025-09-24")
        let pro = try #require(catalog.entry(for: "gemini-2.5-pro"))
        #expect(pro.tiers?.first?.abovePromptTokens == 200_000)
        let sonnet = try #require(catalog.entry(for: "claude-sonnet-4-5-20250929"))
        #expect(sonnet.prices(forPromptTokens: 200_001)?.prices.output == 22_500_000)
    }

    @Test func lookupByAliasCaseAndProviderPrefix() {
        #expect(catalog.entry(for: "gpt-4o-mini-2024-07-18")?.model == "gpt-4o-mini")
        #expect(catalog.entry(for: "GPT-4o-Mini")?.model == "gpt-4o-mini")
        #expect(catalog.entry(for: "openai/gpt-4o-mini")?.model == "gpt-4o-mini")
        // A dated snapshot that priced differently is not guessed.
        #expect(catalog.entry(for: "gpt-4o-2024-05-13") == nil)
    }

    @Test func simulatedProfilesPriceAsTheRealModel() throws {
        for (profile, key) in catalog.simulatedProfiles {
            #expect(catalog.entry(for: key) != nil, "profile \(profile) maps to unknown \(key)")
        }
        let spec = ModelSpec(name: "sim-haiku", kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: "claude-3-haiku")
        #expect(catalog.entry(for: spec)?.model == "claude-3-haiku-20240307")
        let real = ModelSpec(name: "m", kind: .openai, baseURL: "https://x", modelId: "gpt-4o", priceKey: "gpt-4o-mini")
        #expect(catalog.entry(for: real)?.model == "gpt-4o-mini")
    }

    @Test func overrideMergeChangesTheNumbers() throws {
        let overrides = try PriceCatalog.load(contentsOf: Paths.fixtures.appendingPathComponent("overrides.json"))
        let merged = catalog.merged(with: overrides)
        #expect(merged.entries.count == catalog.entries.count + 1)
        #expect(merged.catalogDate == catalog.catalogDate)
        let mini = try #require(merged.entry(for: "gpt-4o-mini"))
        #expect(mini.prices?.input == 100_000)
        // The override kept the replaced entry's aliases.
        #expect(merged.entry(for: "gpt-4o-mini-2024-07-18")?.prices?.input == 100_000)
        // 1,000 × 100,000 + 1,000 × 400,000 = 500,000,000 (catalog: 750,000,000)
        let u = Usage(inputTokens: 1_000, outputTokens: 1_000, source: .server)
        #expect(RequestPricing.price(u, model: "gpt-4o-mini", entry: mini) == .priced(500_000_000))
        #expect(RequestPricing.price(u, model: "gpt-4o-mini", entry: catalog.entry(for: "gpt-4o-mini")) == .priced(750_000_000))
        #expect(merged.entry(for: "llama-local")?.isSelfHosted == true)
    }

    @Test func entriesRoundTripThroughJSON() throws {
        // A run stores the entries it used; they must decode to the same values.
        let data = try JSONEncoder().encode(catalog.entries)
        let back = try JSONDecoder().decode([PriceEntry].self, from: data)
        #expect(back == catalog.entries)
    }

    @Test func badFilesNameTheFieldAndFile() {
        func message(_ json: String) -> String {
            do { _ = try PriceCatalog.parse(Data(json.utf8), fileName: "p.json"); return "" } catch {
                return "\(error)"
            }
        }
        #expect(message(#"{"models":[{"provider":"x","model":"m","prices_micro_usd_per_mtok":{"input":1}}]}"#)
                .contains("p.json: models[0] (m): prices_micro_usd_per_mtok.output: missing"))
        #expect(message(#"{"models":[{"provider":"x","prices_micro_usd_per_mtok":{"input":1,"output":1}}]}"#)
                .contains("models[0].model: field is missing"))
        #expect(message(#"{"models":[{"provider":"x","model":"m","prices_micro_usd_per_mtok":{"input":"1","output":1}}]}"#)
                .contains("models[0].prices_micro_usd_per_mtok.input: wrong type"))
        #expect(message(#"{"hello": 1}"#).contains("not a price file"))
        #expect(message("[1,2").contains("not valid JSON"))
        #expect(message(#"{"models":[{"provider":"x","model":"m","prices_micro_usd_per_mtok":{"input":1,"output":1}},{"provider":"x","model":"m","prices_micro_usd_per_mtok":{"input":1,"output":1}}]}"#)
                .contains("already used by models[0]"))
    }
}

@Suite struct LiteLLMTests {
    let catalog: PriceCatalog
    init() throws { catalog = try PriceCatalog.load(contentsOf: Paths.fixtures.appendingPathComponent("litellm_prices.json")) }

    @Test func detectsAndReadsTheFormat() throws {
        #expect(catalog.catalogVersion == nil)
        // sample_spec and the per-image model are skipped.
        #expect(catalog.entries.map(\.model).sorted() == ["acme-mini", "acme-rounding", "acme/long-model"])
        let mini = try #require(catalog.entry(for: "acme-mini"))
        #expect(mini.provider == "acme")
        #expect(mini.prices == TokenPrices(input: 150_000, cachedInput: 75_000, output: 600_000))
        #expect(mini.batchDiscount == 0.5)
        #expect(mini.contextWindow == 128_000)
        #expect(mini.maxOutputTokens == 16_384)
    }

    @Test func readsTiersCacheAndReasoning() throws {
        let long = try #require(catalog.entry(for: "long-model"))  // alias after the provider prefix
        #expect(long.model == "acme/long-model")
        #expect(long.prices == TokenPrices(input: 1_250_000, cachedInput: 312_500, cacheWrite: 3_750_000,
                                           output: 10_000_000, reasoningOutput: 12_000_000))
        #expect(long.tiers == [PriceTier(abovePromptTokens: 200_000,
                                         prices: TokenPrices(input: 2_500_000, output: 15_000_000))])
        // 250,000 prompt tokens > 200,000: 250,000 × 2,500,000 + 100 × 15,000,000 = 625,000,000,000 + 1,500,000,000
        let u = Usage(inputTokens: 250_000, outputTokens: 100, source: .server)
        #expect(RequestPricing.price(u, model: "acme/long-model", entry: long) == .priced(626_500_000_000))
    }

    @Test func roundsToTheNearestMicroDollarPerMillionHalfAwayFromZero() throws {
        let r = try #require(catalog.entry(for: "acme-rounding"))
        #expect(r.prices?.input == 333_333)           // 333,333.33 → 333,333
        #expect(r.prices?.output == 2_000_001)        // 2,000,000.5 → 2,000,001 (not banker's 2,000,000)
        #expect(r.prices?.cachedInput == 3)           // 2.5 → 3
        #expect(LiteLLMPrices.microsPerMillion(fromDollarsPerToken: 1.5e-07) == 150_000)
        #expect(LiteLLMPrices.tierKey("input_cost_per_token_above_128k_tokens")! == ("input_cost_per_token", 128_000))
    }

    @Test func aLiteLLMFileOverridesTheCatalog() throws {
        let ours = try PriceCatalog.load(contentsOf: Paths.catalog)
        let merged = ours.merged(with: catalog)
        #expect(merged.entry(for: "acme-mini")?.prices?.input == 150_000)
        #expect(merged.entries.count == ours.entries.count + 3)
    }
}

@Suite struct SnapshotTests {
    @Test func snapshotRoundTripsAndWarnsNamingTheModel() throws {
        let catalog = try PriceCatalog.load(contentsOf: Paths.catalog)
        let snap = PriceSnapshot(models: ["gpt-4o-mini", "mystery-model"], catalog: catalog, catalogSHA256: "abc")
        #expect(snap.entries["gpt-4o-mini"]?.prices?.input == 150_000)
        #expect(snap.unpricedModels == ["mystery-model"])
        #expect(snap.warnings.count == 1 && snap.warnings[0].contains("\"mystery-model\""))
        #expect(snap.catalogDate == "2026-12-01")
        let back = try PriceSnapshot.decode(try snap.jsonString())
        #expect(back == snap)
        // A re-priced old run uses the stored entry, not today's catalog.
        let stored = PriceCatalog(entries: Array(back.entries.values))
        #expect(stored.entry(for: "gpt-4o-mini") == catalog.entry(for: "gpt-4o-mini"))
    }
}
