import Analysis
import LLMBenchCore
import Pricing
import TestFixtures
import Testing

/// Pareto dominance outside the noise only, "best for" among current models, and the catalog's
/// lifecycle, with inputs built so the answer is known.
@Suite struct ParetoNoiseTests {
    /// n values spread evenly around `center` (±spread): a sample with a known mean and spread.
    func sample(_ center: Double, spread: Double, n: Int = 40) -> [Double] {
        (0..<n).map { center - spread + 2 * spread * Double($0) / Double(n - 1) }
    }

    @Test func aliasesOfOneModelAreWithinNoise() {
        // Point values say a beats b on cost (1.00 vs 1.01); the samples overlap almost entirely.
        let a = Pareto.Point(model: "a", cost: 1.00, latency: 200, quality: 30, samples:
            .init(cost: sample(1.00, spread: 0.5), latency: sample(200, spread: 50), quality: sample(30, spread: 10)))
        let b = Pareto.Point(model: "b", cost: 1.01, latency: 200, quality: 30, samples:
            .init(cost: sample(1.01, spread: 0.5), latency: sample(200, spread: 50), quality: sample(30, spread: 10)))
        #expect(Pareto.dominates(a, b))
        #expect(!Pareto.beyondNoise(a, b))
        let r = Pareto.analyse([a, b])
        #expect(r.frontier == ["a", "b"])
        #expect(r.dominated.isEmpty)
        #expect(r.withinNoise.map(\.model) == ["b"])
        #expect(r.withinNoise.first?.of == ["a"])
    }

    @Test func aClearLeadIsDominance() {
        // Half the cost with little spread: the interval of the difference is far from 0.
        let a = Pareto.Point(model: "a", cost: 1, latency: 200, quality: 30, samples:
            .init(cost: sample(1, spread: 0.05), latency: sample(200, spread: 5), quality: sample(30, spread: 1)))
        let b = Pareto.Point(model: "b", cost: 2, latency: 200, quality: 30, samples:
            .init(cost: sample(2, spread: 0.05), latency: sample(200, spread: 5), quality: sample(30, spread: 1)))
        let r = Pareto.analyse([a, b])
        #expect(r.frontier == ["a"])
        #expect(r.dominated.map(\.model) == ["b"])
        #expect(r.withinNoise.isEmpty)
    }

    @Test func withoutSamplesThePointValuesDecide() {
        let r = Pareto.analyse([Pareto.Point(model: "a", cost: 1, latency: 1, quality: 2),
                                Pareto.Point(model: "b", cost: 1, latency: 1, quality: 1)])
        #expect(r.dominated.map(\.model) == ["b"])
    }
}

@Suite struct LifecycleTests {
    func entry(retired: String? = nil, deprecated: Bool = false) -> PriceEntry {
        PriceEntry(provider: "gemini", model: "m", prices: TokenPrices(input: 1, output: 1),
                   retired: retired.map { Retirement(date: $0, sourceURL: "https://example.test/changelog") },
                   deprecated: deprecated ? Deprecation() : nil)
    }

    @Test func retiredOnOrBeforeTheDayDeprecatedBefore() {
        #expect(ModelLifecycle(entry(), on: "2026-12-01") == .current)
        #expect(ModelLifecycle(entry(retired: "2025-09-24"), on: "2026-12-01").phrase == "retired 2025-09-24")
        #expect(ModelLifecycle(entry(retired: "2026-12-01"), on: "2026-12-01").phrase == "retired 2026-12-01")
        #expect(ModelLifecycle(entry(retired: "2027-01-31"), on: "2026-12-01").phrase == "deprecated, retires 2027-01-31")
        #expect(ModelLifecycle(entry(deprecated: true), on: "2026-12-01").phrase == "deprecated")
    }

    @Test func calendarDaysMatchAHandCount() {
        #expect(CalendarDays.dayNumber("1970-01-01") == 0)
        #expect(CalendarDays.dayNumber("2000-03-01") == 11_017)   // 30 years with 7 leap days, plus Jan and Feb 2000
        #expect(CalendarDays.between("2026-09-02", "2026-12-01") == 90)
        #expect(CalendarDays.between("2024-02-28", "2024-03-01") == 2)   // 2024 is a leap year
        #expect(CalendarDays.between("2025-02-28", "2025-03-01") == 1)
        #expect(CalendarDays.dayNumber("2026-13-01") == nil)
        #expect(CalendarDays.dayNumber("yesterday") == nil)
    }

    @Test func catalogAgeIsNotedFromNinetyDays() {
        #expect(CatalogNotices.age(catalogDate: "2026-09-03", today: "2026-12-01") == nil)   // 89 days
        let old = CatalogNotices.age(catalogDate: "2026-09-02", today: "2026-12-01")
        #expect(old?.contains("90 days old") == true)
        #expect(CatalogNotices.age(catalogDate: nil, today: "2026-12-01") == nil)
    }

    @Test func bestForSkipsRetiredModelsUnlessTold() {
        var a = ArticleFixture.analysis
        // gpt-4o-mini is the summarization pick (cheapest within the margin); retire it.
        a.lifecycle["gpt-4o-mini"] = .retired(on: "2025-01-01", source: nil)
        let current = ArticleComparison(a).sections[1]
        #expect(current.bestFor?.model == "gpt-4o")
        #expect(ArticleComparison(a).status == [nil, nil, "retired 2025-01-01"])
        let all = ArticleComparison(a, includeRetired: true).sections[1]
        #expect(all.bestFor?.model == "gpt-4o-mini")
    }

    @Test func invalidRetirementDateIsRefused() {
        #expect(entry(retired: "Sept 2025").validationProblem()?.hasPrefix("retired.date") == true)
    }
}

@Suite struct HumanNumberTests {
    @Test func thousandsSeparators() {
        #expect(HumanNumbers.grouped("1048576") == "1,048,576")
        #expect(HumanNumbers.grouped("-1234.56") == "-1,234.56")
        #expect(HumanNumbers.grouped("999") == "999")
        #expect(HumanNumbers.grouped("1000.5") == "1,000.5")
        #expect(MoneyFormat.dollars(1_605_500_000_000_000) == "$1,605.50")
        #expect(MoneyFormat.dollars(-2_500_000_000_000) == "-$2.50")
    }

    @Test func volumesAsPeopleWriteThem() {
        for text in ["2000000", "2,000,000", "2e6", "2E6", "2M", "2m", "2_000_000", "2000k", " 2M "] {
            #expect(HumanNumbers.count(text) == 2_000_000, "\(text)")
        }
        #expect(HumanNumbers.count("1.5M") == 1_500_000)
        #expect(HumanNumbers.count("250k") == 250_000)
        for bad in ["1.5", "2,00,000", "20,0000", "2MM", "-5", "1e30", "M", "", "2 M", "0x10", "nan", "inf", "1e6e2"] {
            #expect(HumanNumbers.count(bad) == nil, "\(bad)")
        }
    }
}
