import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct AnalyzerTests {
    @Test func groupsByModelAndDatasetWithTotals() throws {
        var a = RunAnalyzer()
        a.add(Fixture.ok(model: "b", dataset: "qa", sent: 0, firstToken: 10, lastToken: 20, done: 20))
        a.add(Fixture.ok(model: "a", dataset: "qa", sent: 0, firstToken: 30, lastToken: 40, done: 40))
        a.add(Fixture.ok(model: "a", dataset: "sum", sent: 0, firstToken: 50, lastToken: 60, done: 60))
        a.add(Fixture.failed(model: "a", dataset: "sum", index: 1))
        let r = a.finish(run: Fixture.run)
        #expect(r.groups.map(\.key) == [GroupKey(model: "a", dataset: "qa"), GroupKey(model: "a", dataset: "sum"),
                                       GroupKey(model: "b", dataset: "qa")])
        #expect(r.modelTotals.map(\.key) == [GroupKey(model: "a", dataset: nil), GroupKey(model: "b", dataset: nil)])
        #expect(r.models == ["a", "b"])
        #expect(r.datasets == ["qa", "sum"])
        let totalA = try #require(r.group(GroupKey(model: "a", dataset: nil)))
        #expect(totalA.attempts == 3)
        #expect(totalA.value(.ttftMs, .p50) == 40)
        #expect(totalA.errorRate == 1.0 / 3.0)
        #expect(r.group(GroupKey(model: "a", dataset: "sum"))?.errors == 1)
        for g in r.groups + r.modelTotals { #expect(g.metrics.map(\.name) == r.definitions.map(\.name)) }
        #expect(r.definitions.map(\.name) == MetricRegistry.definitions(sloGiven: false).map(\.name))
    }

    @Test func samplesServeBootstrapLookups() throws {
        var a = RunAnalyzer()
        a.add(Fixture.ok(index: 0, firstToken: 30, lastToken: 40, done: 40))
        a.add(Fixture.ok(index: 1, firstToken: 10, lastToken: 20, done: 20))
        a.add(Fixture.failed(index: 2))
        let g = try #require(a.finish(run: Fixture.run).groups.first)
        let ttft = try #require(g.sample(forMetric: "ttft_ms_p95"))
        #expect(ttft.values == [10, 30])
        #expect(ttft.statistic == .p95)
        let err = try #require(g.sample(forMetric: "error_rate"))
        #expect(err.statistic == .mean)
        #expect(err.values == [0, 0, 1])                         // one per logical request
        #expect(g.sample(forMetric: "nope_p50") == nil)
    }

    @Test func extraMetricsBecomeRows() throws {
        var a = RunAnalyzer()
        a.add(Fixture.ok(firstToken: 1, lastToken: 2, done: 2))
        var r = a.finish(run: Fixture.run)
        let key = GroupKey(model: "m", dataset: "qa")
        r.add(metric: MetricValue(name: "cost_usd_per_request_mean", unit: .usd, value: 0.0012), to: key)
        r.add(metric: MetricValue(name: "custom_score", unit: .score, value: 3), to: key)
        r.add(samples: [0.5, 0.1], base: "rougeL", to: key)
        #expect(r.definitions.last?.name == "custom_score")   // names outside the registry become rows
        #expect(r.group(key)?.value("cost_usd_per_request_mean") == 0.0012)
        #expect(r.group(key)?.sample(forMetric: "rougeL_mean")?.values == [0.1, 0.5])
        r.add(metric: MetricValue(name: "x_count", unit: .count, value: 3), to: GroupKey(model: "new", dataset: "qa"))
        #expect(r.groups.map(\.key.model) == ["m", "new"])
    }
}
