import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct GateTests {
    @Test func parsesTheIssueExample() throws {
        let known = MetricCatalog.names + ["rougeL_mean", "cost_usd_per_request_mean"]
        let rules = try Gate.parse("ttft_ms_p95<=+15%, error_rate<=+0.01,rougeL_mean>=-0.02", known: known)
        #expect(rules == [
            GateRule(metric: "ttft_ms_p95", bound: .atMost, threshold: 0.15, relative: true),
            GateRule(metric: "error_rate", bound: .atMost, threshold: 0.01, relative: false),
            GateRule(metric: "rougeL_mean", bound: .atLeast, threshold: -0.02, relative: false),
        ])
        #expect(rules.map(\.text) == ["ttft_ms_p95<=+15%", "error_rate<=+0.01", "rougeL_mean>=-0.02"])
    }

    @Test func badRulesAreUsageErrorsListingNames() throws {
        // Quality and cost names are in the registry now, so they parse without `known:` (issue 10).
        #expect(try Gate.parse("rougeL_mean>=-0.02,cost_usd_total<=+5%").count == 2)
        for bad in ["ttft_p95<=+15%", "ttft_ms_p95<+15%", "ttft_ms_p95<=fast", "", "ttft_ms_p95<=1<=2", "rougeL_m>=-0.02"] {
            do {
                _ = try Gate.parse(bad)
                Issue.record("\"\(bad)\" should not parse")
            } catch let e as LLMBenchError {
                #expect(e.exitCode == .usage)
                if bad.hasPrefix("ttft_p95") || bad.hasPrefix("rougeL") {
                    #expect(e.message.contains("valid metrics: requests, planned"))
                    #expect(e.message.contains("ttft_ms_p95"))
                }
            } catch { Issue.record("unexpected \(error)") }
        }
    }

    @Test func classification() {
        let rel = GateRule(metric: "ttft_ms_p95", bound: .atMost, threshold: 0.15, relative: true)
        #expect(Gate.classify(Interval(0.2, 0.4), rel) == .regressed)
        #expect(Gate.classify(Interval(0.1, 0.4), rel) == .inconclusive)
        #expect(Gate.classify(Interval(-0.05, 0.14), rel) == .ok)
        #expect(Gate.classify(Interval(-0.05, 0.15), rel) == .ok)
        #expect(Gate.classify(Interval(-0.05, 0.16), rel) == .inconclusive)
        #expect(Gate.classify(Interval(-0.3, -0.01), rel) == .improved)
        let q = GateRule(metric: "rougeL_mean", bound: .atLeast, threshold: -0.02, relative: false)
        #expect(Gate.classify(Interval(-0.1, -0.03), q) == .regressed)
        #expect(Gate.classify(Interval(-0.03, 0.01), q) == .inconclusive)
        #expect(Gate.classify(Interval(-0.01, 0.01), q) == .ok)
        #expect(Gate.classify(Interval(0.01, 0.05), q) == .improved)
        #expect(Gate.classify(Interval(0.01, 0.05), direction: .neutral) == .inconclusive)
        #expect(Gate.classify(Interval(0.01, 0.05), direction: .neutral, threshold: 0.1) == .ok)
        #expect(Gate.classify(Interval(0.01, 0.05), direction: .higherIsBetter) == .improved)
    }

    /// Width ∝ 1/√n: an interval [−10%, +30%] around +10% against +15% needs (20/5)² = 16× the requests.
    @Test func requestsToResolve() {
        #expect(Gate.requestsToResolve(interval: Interval(-0.1, 0.3), point: 0.1, threshold: 0.15, requests: 40) == 640)
        // Above the threshold: the lower half-width matters, (0.25 / 0.05)² = 25×.
        #expect(Gate.requestsToResolve(interval: Interval(-0.05, 0.4), point: 0.2, threshold: 0.15, requests: 10) == 250)
        #expect(Gate.requestsToResolve(interval: Interval(0, 0.3), point: 0.15, threshold: 0.15, requests: 40) == nil)
    }

    @Test func bonferroni() {
        #expect(Gate.adjustedConfidence(level: 0.95, comparisons: 1) == 0.95)
        #expect(abs(Gate.adjustedConfidence(level: 0.95, comparisons: 5) - 0.99) < 1e-12)
        #expect(Gate.adjustedConfidence(level: 0.95, comparisons: 0) == 0.95)
    }

    // MARK: end to end over analyses built from records with known distributions

    /// 200 successful requests per model on `qa` whose TTFT is `BootstrapTests.sample` × scale, plus `errors` failures.
    static func analysis(scale: Double, errors: Int = 0, models: [String] = ["m"]) -> RunAnalysis {
        var a = RunAnalyzer()
        for model in models {
            for (i, ttft) in BootstrapTests.sample(200, seed: 1, scale: scale).enumerated() {
                let start = Double(i) * 1000
                a.add(Fixture.ok(model: model, index: i, intended: start, sent: start, firstToken: start + ttft,
                                 lastToken: start + ttft + 100, done: start + ttft + 100))
            }
            for j in 0..<errors { a.add(Fixture.failed(model: model, index: 200 + j, sent: 0, done: 1)) }
        }
        return a.finish(run: Fixture.run)
    }

    @Test func identicalRunsAreUnchangedAndPass() throws {
        let rules = try Gate.parse("ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,error_rate<=+0.01")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1), candidate: Self.analysis(scale: 1))
        #expect(e.checks.map(\.verdict) == [.ok, .ok, .ok])
        #expect(e.passed)
        #expect(abs(e.confidence - (1 - 0.05 / 3)) < 1e-12)
    }

    @Test func thirtyPercentSlowerTTFTRegresses() throws {
        let rules = try Gate.parse("ttft_ms_p95<=+15%")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1), candidate: Self.analysis(scale: 1.3))
        #expect(e.checks.map(\.verdict) == [.regressed])
        #expect(!e.passed)
        let est = try #require(e.checks.first?.estimate)
        #expect(abs(try #require(est.relativeChange) - 0.3) < 1e-9)
    }

    @Test func twoPercentUnderFifteenPercentGatePasses() throws {
        let rules = try Gate.parse("ttft_ms_p95<=+15%")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1), candidate: Self.analysis(scale: 1.02))
        #expect(e.checks.map(\.verdict) != [.regressed])
        #expect(e.passed)
    }

    @Test func fasterIsImproved() throws {
        let rules = try Gate.parse("ttft_ms_p50<=+15%")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1), candidate: Self.analysis(scale: 0.5))
        #expect(e.checks.map(\.verdict) == [.improved])
        #expect(e.passed)
    }

    @Test func errorRateAbsoluteGate() throws {
        let rules = try Gate.parse("error_rate<=+0.01")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1),
                                        candidate: Self.analysis(scale: 1, errors: 40))
        #expect(e.checks.map(\.verdict) == [.regressed])
        #expect(e.checks.first?.candidate == 40.0 / 240.0)
    }

    @Test func groupsInOneRunOnlyAreListed() throws {
        let rules = try Gate.parse("ttft_ms_p95<=+15%")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1, models: ["a", "b"]),
                                        candidate: Self.analysis(scale: 1, models: ["b", "c"]))
        #expect(e.checks.map(\.key) == [GroupKey(model: "b", dataset: "qa")])
        #expect(e.onlyInBaseline == [GroupKey(model: "a", dataset: "qa")])
        #expect(e.onlyInCandidate == [GroupKey(model: "c", dataset: "qa")])
    }

    @Test func aggregateMetricsUsePointChange() throws {
        let rules = try Gate.parse("output_tokens_per_s>=-10%")
        let e = GateEvaluation.evaluate(rules: rules, baseline: Self.analysis(scale: 1), candidate: Self.analysis(scale: 1))
        #expect(e.checks.first?.estimate == nil)
        #expect(e.checks.map(\.verdict) == [.ok])
        #expect(e.checks.map(\.key) == [GroupKey(model: "m", dataset: nil)])   // a per-model figure
    }

    @Test func failOnParsesAndChecks() throws {
        let rules = try FailOn.parse("error_rate>0.02, ttft_ms_p95>=1500,requests_per_s<1")
        #expect(rules.map(\.comparison) == [.greater, .greaterOrEqual, .less])
        #expect(rules.map(\.text) == ["error_rate>0.02", "ttft_ms_p95>=1500", "requests_per_s<1"])
        let violations = FailOn.check(rules, Self.analysis(scale: 1, errors: 40))
        #expect(violations.map(\.rule.metric) == ["error_rate"])
        #expect(FailOn.check(rules, Self.analysis(scale: 1)).isEmpty)
        #expect(rules[0].isViolated(by: nil) == false)
        #expect(throws: LLMBenchError.self) { try FailOn.parse("error_rat>0.02") }
        #expect(throws: LLMBenchError.self) { try FailOn.parse("error_rate=0.02") }
        #expect(throws: LLMBenchError.self) { try FailOn.parse("error_rate>lots") }
    }
}
