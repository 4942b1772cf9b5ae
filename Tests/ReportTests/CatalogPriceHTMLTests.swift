import Testing
import Analysis
import LLMBenchCore
import Pricing
import TestFixtures
@testable import Report

/// The `price --catalog` HTML page: self-contained, well-formed, one bar per priced catalog model in
/// cost order, measured bars solid and projected ones faded, the full table beneath the chart.
@Suite struct CatalogPriceHTMLTests {
    static func projection() throws -> CatalogProjection {
        var profile = TokenProfile()
        for (i, (model, input, output)) in [("m1", 1_000, 200), ("m1", 3_000, 100), ("m2", 100, 300)].enumerated() {
            profile.add(RequestRecord(runId: "r", requestIndex: i, model: model, dataset: "qa", itemId: "i\(i)", status: .ok,
                                      intendedStartNs: 0, sentNs: 0, doneNs: 1,
                                      usage: Usage(inputTokens: input, outputTokens: output, source: .server)))
        }
        let catalog = PriceCatalog(entries: [
            PriceEntry(provider: "openai", model: "cheap", prices: TokenPrices(input: 150_000, output: 600_000), batchDiscount: 0.5),
            PriceEntry(provider: "anthropic", model: "dear <&>", prices: TokenPrices(input: 3_000_000, output: 15_000_000)),
            PriceEntry(provider: "gemini", model: "mid", prices: TokenPrices(input: 1_000_000, output: 4_000_000)),
        ], catalogDate: "2026-11-30")
        return try CatalogProjection(runId: "run-1", simulated: true, profile: profile,
                                     settings: [RunModelSettings(name: "m1", kind: "openai", modelId: "cheap")], catalog: catalog,
                                     dataset: nil, volume: Volume(requests: 1_000, per: .day), today: "2026-12-01")
    }

    @Test func pageIsSelfContainedWithBarsInCostOrder() throws {
        let html = CatalogPriceReportHTML.render(try Self.projection())
        #expect(PageChecks.problems(html) == [])
        #expect(html.contains("Simulated: results come from llmbench"))
        // Bars in drawing order: cheap (measured by m1), mid, dear.
        let order = ["data-series=\"cheap (m1)\"", "data-series=\"mid\"", "data-series=\"dear &lt;&amp;&gt;\""]
            .map { html.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(html.contains("· measured") && html.contains("· projected"))
        #expect(html.components(separatedBy: "fill-opacity=\"0.45\"").count - 1 == 2, "the two projected bars are faded")
        #expect(html.contains("may tokenize the same text differently"))
        #expect(html.contains("<th>Source</th>") && html.contains("measured (m1)"))
    }
}
