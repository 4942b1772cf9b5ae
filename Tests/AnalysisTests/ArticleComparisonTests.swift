import TestFixtures
import Testing
import Pricing
@testable import Analysis

/// Pareto, best-for and the relative labels, with expected values worked out by hand.
@Suite struct ParetoTests {
    typealias P = Pareto.Point

    @Test func dominanceNeedsNoWorseEverywhereAndBetterSomewhere() {
        let a = P(model: "a", cost: 1, latency: 100, quality: 50)
        #expect(Pareto.dominates(a, P(model: "b", cost: 2, latency: 100, quality: 50)))
        #expect(Pareto.dominates(a, P(model: "b", cost: 1, latency: 101, quality: 50)))
        #expect(Pareto.dominates(a, P(model: "b", cost: 1, latency: 100, quality: 49)))
        #expect(!Pareto.dominates(a, a))                                                   // equal: no
        #expect(!Pareto.dominates(a, P(model: "b", cost: 2, latency: 90, quality: 40)))    // trade-off
        #expect(!Pareto.dominates(a, P(model: "b", cost: nil, latency: 200, quality: 10))) // missing value
    }

    @Test func verdictListsEveryDominatorAndTheFrontier() {
        let r = Pareto.analyse([
            P(model: "cheap", cost: 1, latency: 100, quality: 60),
            P(model: "pricey", cost: 10, latency: 50, quality: 90),
            P(model: "worse", cost: 12, latency: 120, quality: 55),   // beaten by cheap, pricey and mid
            P(model: "mid", cost: 5, latency: 100, quality: 60),      // beaten by cheap only
            P(model: "unpriced", cost: nil, latency: 10, quality: 99),
        ])
        #expect(r.frontier == ["cheap", "pricey"])
        #expect(r.dominated.map(\.model) == ["worse", "mid"])
        #expect(r.dominated.map(\.by) == [["cheap", "pricey", "mid"], ["cheap"]])
        #expect(r.notCompared == ["unpriced"])
    }
}

@Suite struct BestForTests {
    typealias C = BestFor.Candidate

    @Test func cheapestWithinMarginOfTheBest() {
        let c = BestFor.choose([C(model: "best", quality: 90, cost: 10), C(model: "close", quality: 88.5, cost: 1),
                                C(model: "far", quality: 87.9, cost: 0.1)], margin: 2)!
        #expect(c.model == "close")
        #expect(c.bestModel == "best" && c.bestQuality == 90)
        #expect(c.withinMargin == ["close", "best"])
    }

    @Test func edgeOfTheMarginCountsAndUnpricedRankLast() {
        // 0.30 − 0.02 = 0.28 exactly (up to rounding): eligible.
        let c = BestFor.choose([C(model: "a", quality: 0.30, cost: 5), C(model: "b", quality: 0.28, cost: 1),
                                C(model: "c", quality: 0.29, cost: nil)], margin: 0.02)!
        #expect(c.model == "b")
        #expect(c.withinMargin == ["b", "a", "c"])
    }

    @Test func noPricesPicksTheBestAndNoQualityGivesNothing() {
        let c = BestFor.choose([C(model: "a", quality: 50, cost: nil), C(model: "b", quality: 51, cost: nil)], margin: 2)!
        #expect(c.model == "b")
        #expect(BestFor.choose([C(model: "a", quality: nil, cost: 1)], margin: 2) == nil)
    }

    @Test func tiesGoToHigherQualityThenName() {
        let c = BestFor.choose([C(model: "z", quality: 50, cost: 1), C(model: "y", quality: 51, cost: 1),
                                C(model: "x", quality: 51, cost: 1)], margin: 5)!
        #expect(c.model == "x")
        #expect(c.bestModel == "x")
    }
}

@Suite struct RelativeLabelTests {
    @Test func speedBands() {
        #expect(RelativeSpeed(ratio: 1) == .veryFast)
        #expect(RelativeSpeed(ratio: 1.25) == .veryFast)
        #expect(RelativeSpeed(ratio: 1.26) == .fast)
        #expect(RelativeSpeed(ratio: 2) == .fast)
        #expect(RelativeSpeed(ratio: 4) == .moderate)
        #expect(RelativeSpeed(ratio: 4.01) == .slow)
        #expect(RelativeSpeed.labels([1000, nil, 2500, 1200]) == [.veryFast, nil, .moderate, .veryFast])
        #expect(RelativeSpeed.labels([nil, 0]) == [nil, nil])
    }

    @Test func costBandsFromPricing() {
        #expect(PriceComparison.relativeLabels([0.0006, 0.004, 0.0002]) == [.low, .high, .veryLow])
    }
}

@Suite struct ArticleComparisonTests {
    let c = ArticleComparison(ArticleFixture.analysis)

    @Test func headlineRowsAndLabels() {
        #expect(c.models == ArticleFixture.models)
        #expect(c.blended.values == [0.75, 4.375, 0.2625])
        #expect(c.costLabels == [.low, .high, .veryLow])              // ratios 3, 20, 1
        #expect(c.startsLabels == [.veryFast, .fast, .veryFast])      // TTFO ratios 1.25, 2, 1
        #expect(c.writesLabels == [.veryFast, .moderate, .veryFast])  // speed ratios 1.2, 2.4, 1
        #expect(c.writes.key == "request_output_tokens_per_s_p50")    // no o200k counts in the fixture
        #expect(c.succeeded.values == [30, 29, 30])
        #expect(c.date == "2025-01-02")
        #expect(c.contextWindow.values == [16385, 128000, 128000])
        #expect(c.sections.map(\.dataset) == ["qa", "summarization", "translation"])
        #expect(c.sections.map(\.task) == [.qa, .summarization, .translation])
    }

    @Test func summarization() {
        let s = c.sections[1]
        #expect(s.bestFor?.model == "gpt-4o-mini")                   // 0.29 ≥ 0.30 − 0.02, cheapest
        #expect(s.bestFor?.withinMargin == ["gpt-4o-mini", "gpt-4o"])
        #expect(s.pareto.frontier == ["gpt-4o", "gpt-4o-mini"])
        #expect(s.pareto.dominated.map(\.model) == ["gpt-3.5-turbo"])
        #expect(s.pareto.dominated.map(\.by) == [["gpt-4o-mini"]])
        #expect(s.qualityPerDollar.values == [0.25 / 0.8, 0.30 / 5, 0.29 / 0.3])
        #expect(s.costPerExactMatch == nil)
    }

    @Test func qa() {
        let s = c.sections[0]
        #expect(s.bestFor?.model == "gpt-4o-mini")                   // F1 89 ≥ 90 − 2
        #expect(s.costPerExactMatch?.values == [nil, 0.02 / 8, 0.001 / 6])
        #expect(s.pareto.notCompared == ["gpt-3.5-turbo"])
        #expect(s.pareto.frontier == ["gpt-4o", "gpt-4o-mini"])
        #expect(s.qualityPerDollar.values == [nil, 45, 890])
    }

    @Test func translationUnpricedModelIsNeverCheapest() {
        let s = c.sections[2]
        #expect(s.bestFor?.model == "gpt-3.5-turbo")                 // chrF 58.5 ≥ 58, cheapest priced
        #expect(s.bestFor?.withinMargin == ["gpt-3.5-turbo", "gpt-4o", "gpt-4o-mini"])
        #expect(s.pareto.notCompared == ["gpt-4o-mini"])
        #expect(s.pareto.frontier == ["gpt-3.5-turbo", "gpt-4o"])
    }

    @Test func zeroMatchesIsNoValueAndMarginScales() {
        var a = ArticleFixture.analysis
        a.add(metric: MetricValue(name: "exact_match_mean", unit: .score, value: 0), to: GroupKey(model: "gpt-4o", dataset: "qa"))
        let s = ArticleComparison(a).sections[0]
        #expect(s.costPerExactMatch?.values[1] == nil)
        // A 5-point margin makes ROUGE's margin 0.05: 0.25 ≥ 0.25 and gpt-3.5-turbo is not the cheapest.
        let wide = ArticleComparison(ArticleFixture.analysis, marginPoints: 5).sections[1]
        #expect(wide.bestFor?.withinMargin == ["gpt-4o-mini", "gpt-3.5-turbo", "gpt-4o"])
    }
}
