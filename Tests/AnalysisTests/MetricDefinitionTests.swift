import Foundation
import Testing
import LLMBenchCore
import Pricing
@testable import Analysis

/// Known answers for issue 10's definitions: each figure from a few hand-built records.
@Suite struct MetricDefinitionTests {
    static let qa = GroupKey(model: "m", dataset: "qa")
    static let total = GroupKey(model: "m", dataset: nil)

    func analyse(_ records: [RequestRecord], settings: RunSettings = RunSettings(), pricing: CostPricing? = nil) -> RunAnalysis {
        var a = RunAnalyzer(settings: settings, pricing: pricing)
        for r in records { a.add(r) }
        return a.finish(run: Fixture.run)
    }

    /// A reasoning answer: `reasoning` tokens counted by the server, then `answer` tokens 50 ms apart
    /// from `firstOutput`, done with the last one. With `firstToken == firstOutput` the reasoning was
    /// hidden (OpenAI o-series), else streamed before the answer (Anthropic thinking).
    static func reasoning(index: Int = 0, sent: Double = 0, firstToken: Double = 50, firstOutput: Double = 50,
                          answer: Int = 10, reasoning: Int = 1000) -> RequestRecord {
        let last = firstOutput + 50 * Double(answer - 1)
        var r = Fixture.ok(index: index, sent: sent, firstToken: firstToken, firstOutput: firstOutput,
                           lastToken: last, done: last, output: answer + reasoning)
        r.usage = Usage(inputTokens: 20, outputTokens: answer + reasoning, reasoningTokens: reasoning, source: .server)
        return r
    }

    @Test func reasoningIsLeftOutOfItlAndSpeed() throws {
        // Issue 10's reproduction: 10 answer tokens 50 ms apart (the first 50 ms after sending, done
        // with the last at 500 ms), 1,010 completion tokens of which 1,000 reasoning, hidden.
        let g = try #require(analyse([Self.reasoning()]).group(Self.qa))
        #expect(g.value(.itlMs, .p50) == 50)                          // 450 ms / 9 gaps, not 450 / 1,009 = 0.45 ms
        #expect(g.value(.requestOutputTokensPerS, .p50) == 20)         // 10 answer tokens / 0.5 s, not 2,020 tokens/s
        #expect(g.value(.thinkingMs, .p50) == 0)                       // nothing streamed before the answer
        #expect(g.value("answer_tokens_mean") == 10)
        #expect(g.value(.outputTokens, .mean) == 1010)
        // Streamed thinking (Anthropic): first token 50, answer from 500; out of ITL, in thinking_ms.
        let shown = try #require(analyse([Self.reasoning(firstOutput: 500)]).group(Self.qa))
        #expect(shown.value(.itlMs, .p50) == 50)
        #expect(shown.value(.thinkingMs, .p50) == 450)
        #expect(shown.value(.requestOutputTokensPerS, .p50) == 10 / 0.95)   // the user waited for the thinking
    }

    @Test func oneTokenAnswerHasNoItlAndPassesAnItlSLO() throws {
        let one = Self.reasoning(answer: 1, reasoning: 50)
        let g = try #require(analyse([one]).group(Self.qa))
        #expect(g.value(.itlMs, .count) == 0)
        #expect(g.value(.itlMs, .p50) == nil)
        let slo = try SLOSet.parse("itl_ms=10")
        #expect(slo.isMet(by: one))
        var noUsage = one
        noUsage.usage = nil
        #expect(!slo.isMet(by: noUsage))                               // unknown answer length: not met
        var s = RunSettings()
        s.slo = "itl_ms=10"
        let total = try #require(analyse([one], settings: s).group(Self.total))
        #expect(total.value("slo_met_fraction") == 1)
    }

    @Test func retriesAreFoldedPerLogicalRequestInAnyOrder() throws {
        // Request 0: fails at 0–100 ms, retried (intended 300) and ok: first token 450, done 600.
        // Request 1: ok at once, intended 0, sent 10, first token 60, done 110.
        // Request 2: fails twice (final error). Records arrive out of order.
        let records = [
            Fixture.ok(index: 0, attempt: 1, intended: 300, sent: 310, firstToken: 450, lastToken: 590, done: 600),
            Fixture.ok(index: 1, intended: 0, sent: 10, firstToken: 60, lastToken: 100, done: 110),
            Fixture.failed(index: 2, attempt: 1, intended: 50, sent: 50, done: 60),
            Fixture.failed(index: 0, attempt: 0, intended: 0, sent: 0, done: 100),
            Fixture.failed(index: 2, attempt: 0, intended: 20, sent: 20, done: 30),
        ]
        let g = try #require(analyse(records).group(Self.qa))
        #expect(g.requests == 3)
        #expect(g.attempts == 5)
        #expect(g.value(.e2eInclRetriesMs, .max) == 600)              // request 0: done 600 − intended 0
        #expect(g.value(.e2eInclRetriesMs, .min) == 110)              // request 1: done 110 − intended 0
        #expect(g.value(.e2eInclRetriesMs, .count) == 2)              // request 2 never succeeded
        #expect(g.value(.ttftInclRetriesMs, .max) == 450)
        #expect(g.value(.attemptsPerRequest, .mean) == 5.0 / 3.0)
        #expect(g.value(.attemptsPerRequest, .max) == 2)
        #expect(g.errorRate == 1.0 / 3.0)                             // only request 2's final attempt failed
        #expect(g.value(.attemptErrorRate) == 3.0 / 5.0)
        #expect(g.sample(forMetric: "error_rate")?.values == [0, 0, 1])   // one value per request
        #expect(g.sample(forMetric: "attempt_error_rate")?.values.count == 5)
    }

    @Test func cancelledFinalAttemptsLeaveTheErrorRate() throws {
        let records = [
            Fixture.ok(index: 0, firstToken: 10, lastToken: 20, done: 20),
            Fixture.failed(index: 1),
            Fixture.failed(index: 2, kind: .cancelled, status: .cancelled),
        ]
        let g = try #require(analyse(records).group(Self.qa))
        #expect(g.errorRate == 0.5)
        #expect(g.value(.attemptErrorRate) == 1.0 / 3.0)
    }

    static func notSent(index: Int, intended: Int64? = nil) -> RequestRecord {
        RequestRecord(runId: "run-1", requestIndex: index, model: "m", dataset: "qa", itemId: "i\(index)", status: .notSent,
                      intendedStartNs: intended)
    }

    @Test func notSentRowsCountOnlyAsPlanned() throws {
        let entry = PriceEntry(provider: "x", model: "m", prices: TokenPrices(input: 1_000_000, output: 2_000_000))
        let records = [Fixture.ok(index: 0, firstToken: 10, lastToken: 20, done: 20), Fixture.failed(index: 1),
                       Self.notSent(index: 2), Self.notSent(index: 3, intended: 5_000_000)]
        let g = try #require(analyse(records, pricing: CostPricing(entries: ["m": entry])).group(Self.qa))
        #expect(g.value(.planned) == 4)
        #expect(g.value(.notSentCount) == 2)
        #expect(g.value(.notSentRate) == 0.5)
        #expect(g.requests == 2)                                      // requests sent
        #expect(g.attempts == 2)
        #expect(g.errorRate == 0.5)
        #expect(g.value(.dispatchLagMs, .count) == 2)
        #expect(g.value("requests_unpriced") == 1)                    // the failed attempt has no usage; not_sent is not priced
        #expect(g.value("requests_priced") == 1)
        // Prices are µ$ per 1M tokens = pico-dollars per token: 100 input × 1e6 + 11 output × 2e6 pico-dollars.
        #expect(g.value("cost_usd_total") == Double(100 * 1_000_000 + 11 * 2_000_000) / 1e12)
    }

    @Test func throughputIsAPerModelFigure() throws {
        // One model over three datasets, sequential 100 ms requests: per-dataset rows have counts and shares.
        var records: [RequestRecord] = []
        for (i, d) in ["qa", "sum", "tr"].enumerated() {
            let t = Double(i) * 100
            records.append(Fixture.ok(dataset: d, index: i, intended: t, sent: t, firstToken: t + 10, lastToken: t + 100, done: t + 100))
        }
        let a = analyse(records)
        let total = try #require(a.group(Self.total))
        #expect(total.value(.requestsPerS) == 3 / 0.3)
        #expect(total.value(.shareOfRequests) == 1)
        let qa = try #require(a.group(Self.qa))
        #expect(qa.value(.requestsPerS) == nil)
        #expect(qa.value(.outputTokensPerS) == nil)
        #expect(qa.value(.shareOfRequests) == 1.0 / 3.0)
        #expect(a.definitions.first { $0.name == "requests_per_s" }?.scope == .model)

        // A rate threshold met on the model (10 req/s) is not failed by the datasets' slices.
        let rules = try FailOn.parse("requests_per_s<9,error_rate>0.5")
        #expect(FailOn.check(rules, a).isEmpty)
        let tight = FailOn.check(try FailOn.parse("requests_per_s<11"), a)
        #expect(tight.map(\.key) == [Self.total])
        #expect(tight.first?.message.contains("all datasets, per-model figure") == true)
        // A per-group rule is checked per dataset and on the totals.
        let latency = FailOn.check(try FailOn.parse("e2e_ms_p50>=100"), a)
        #expect(latency.map(\.key.dataset) == ["qa", "sum", "tr", nil])
    }

    @Test func failOnIsNotCheckedTwiceForAOneDatasetModel() throws {
        let a = analyse([Fixture.failed(index: 0)])
        #expect(FailOn.check(try FailOn.parse("error_rate>0.5"), a).map(\.key) == [Self.qa])
    }

    static func openLoop(_ profile: String, rate: Double) -> RunSettings {
        var s = RunSettings()
        s.profile = profile
        s.ratePerS = rate
        return s
    }

    /// Ten requests meant 100 ms apart but sent 50 ms late each: lag p99 = 50 ms.
    static var lateRecords: [RequestRecord] {
        (0..<10).map { i in
            let t = Double(i) * 100
            return Fixture.ok(index: i, intended: t, sent: t + 50, firstToken: t + 60, lastToken: t + 70, done: t + 70)
        }
    }

    @Test func fellBehindIsAnOpenLoopWarning() throws {
        let closed = analyse(Self.lateRecords, settings: Self.openLoop("concurrent", rate: 10))
        #expect(!closed.notes.contains { $0.contains("fell behind") })
        #expect(closed.group(Self.total)?.value("requested_rate_per_s") == nil)
        // Two unsent rows were due before the last completion (970 ms); the one scheduled at 5 s was not.
        let open = analyse(Self.lateRecords + [Self.notSent(index: 10, intended: 500_000_000),
                                               Self.notSent(index: 11, intended: 960_000_000),
                                               Self.notSent(index: 12, intended: 5_000_000_000)],
                           settings: Self.openLoop("poisson", rate: 10))
        let note = try #require(open.notes.first { $0.contains("fell behind") })
        #expect(note.contains("2 requests were due but never sent"))
        #expect(open.group(Self.total)?.value(.notSentCount) == 3)
        #expect(note.contains("dispatch lag p99 50.0 ms"))
        #expect(open.group(Self.total)?.value("requested_rate_per_s") == 10)
        #expect(open.group(Self.total)?.value(.dispatchLagMs, .p99) == 50)
    }

    @Test func estimatedTokenCountsAreNamedInANote() {
        let records = [Fixture.ok(index: 0, firstToken: 10, lastToken: 20, done: 20, source: .estimated),
                       Fixture.ok(index: 1, firstToken: 10, lastToken: 20, done: 20)]
        let a = analyse(records)
        #expect(a.notes.contains { $0.hasPrefix("m: token counts of 1 of 2 successful requests are local estimates") })
        var r = Self.reasoning()
        r.usage?.reasoningSource = .estimated
        #expect(analyse([r]).notes.contains { $0.hasPrefix("m: the reasoning share of 1 of 1") })
        #expect(!analyse([Self.reasoning()]).notes.contains { $0.contains("estimate") })
    }
}

extension MetricDefinitionTests {
    @Test func invalidServerUsageIsCounted() throws {
        var bad = Fixture.ok(index: 0, firstToken: 1, lastToken: 2, done: 2, usage: false)
        bad.invalidUsageJSON = #"{"completion_tokens":-3}"#
        let records = [bad, Fixture.ok(index: 1, firstToken: 1, lastToken: 2, done: 2, usage: false),
                       Fixture.ok(index: 2, firstToken: 1, lastToken: 2, done: 2)]
        let g = try #require(analyse(records).group(Self.qa))
        #expect(g.value("tokens_source_invalid") == 1)
        #expect(g.value(CountMetricNames.tokensSourceNone) == 2)
    }
}

@Suite struct MetricRegistryTests {
    @Test func everyMetricIsDefinedOnce() {
        let names = MetricRegistry.all.map(\.name)
        #expect(Set(names).count == names.count)
        for m in MetricRegistry.all {
            #expect(!m.formula.isEmpty, "\(m.name)")
            #expect(!m.label.isEmpty, "\(m.name)")
            #expect(m.definitions.allSatisfy { $0.base == m.name })
        }
        #expect(MetricRegistry.metric(reporting: "ttft_ms_p95")?.name == "ttft_ms")
        #expect(MetricRegistry.definition(named: "attempts_per_request_max")?.unit == .count)
        #expect(MetricRegistry.definition(named: "attempts_per_request_p95") == nil)   // only mean and max
    }

    @Test func storedUnitsConvertInOnePlace() {
        #expect(MetricUnit.convert(1_500_000, from: .ns, to: .ms) == 1.5)
        #expect(MetricUnit.convert(2_000_000_000, from: .ns, to: .seconds) == 2)
        #expect(MetricUnit.convert(1_000_000, from: .picoUSD, to: .usd) == 1e-6)
        #expect(MetricUnit.convert(150_000, from: .picoUSDPerToken, to: .usd) == 0.15)   // $0.15 per 1M tokens
        #expect(Metric.ttft.storedUnit == .ns && Metric.ttft.displayUnit == .ms)
        #expect(Metric.costTotal.storedUnit == .picoUSD && Metric.costTotal.displayUnit == .usd)
    }
}

@Suite struct RunSettingsTests {
    /// What `RunOptions.settings(models:)` wrote before settings were typed (no `version`).
    static let versionOne = """
    {"burst":1,"concurrency":8,"datasets":["qa","summarization"],"duration_ns":600000000000,\
    "fail_on":"error_rate>0.02","models":[{"base_url":"http://embedded.simulator.invalid/v1",\
    "headers":[{"env":"ORG","name":"OpenAI-Organization"},{"name":"X-Lit","value":"(literal, not stored)"}],\
    "kind":"openai","limits":{"max_concurrency":4,"requests_per_minute":600},"model":"gpt-4o-mini",\
    "name":"mini","price":"openai/gpt-4o-mini","stream":true,"temperature":0}],"profile":"poisson",\
    "rate_per_s":2.5,"requests_per_dataset":20,"retries":2,"seed":42,"shuffle":false,\
    "slo":"ttft_ms=500","timeouts":{"total_ns":30000000000},"warmup":0}
    """

    @Test func decodesSettingsWrittenBeforeTheyWereTyped() throws {
        let s = try #require(RunSettings.decode(Self.versionOne))
        #expect(s.version == 1)
        #expect(s.isOpenLoop && s.profile == "poisson" && s.ratePerS == 2.5)
        #expect(s.datasets == ["qa", "summarization"])
        #expect(s.slo == "ttft_ms=500" && s.failOn == "error_rate>0.02")
        #expect(s.seed == 42 && s.retries == 2 && s.timeouts?.totalNs == 30_000_000_000)
        let m = try #require(s.model(named: "mini"))
        #expect(m.priceKey == "openai/gpt-4o-mini")
        #expect(m.limits?.modelLimits == ModelLimits(maxConcurrency: 4, requestsPerMinute: 600))
        #expect(m.headers?.map(\.name) == ["OpenAI-Organization", "X-Lit"])
        #expect(RunModelSettings.parse(settingsJSON: Self.versionOne).first?.limits.maxConcurrency == 4)
    }

    @Test func writesTheCurrentVersionAndReadsItBack() throws {
        var s = RunSettings(models: [.init(name: "a", model: "gpt-x")])
        s.profile = "concurrent"
        s.seed = UInt64.max
        let back = try #require(RunSettings.decode(s.jsonText))
        #expect(back == s)
        #expect(back.version == RunSettings.currentVersion)
        #expect(!back.isOpenLoop)
        #expect(s.jsonText.hasPrefix("{\"models\":"))                 // sorted keys, no nulls
        #expect(RunSettings.decode("{}")?.version == 1)
        #expect(RunSettings.decode("[1]") == nil)
        #expect(RunSettings.decodeOrEmpty("not json").models.isEmpty)
    }
}

@Suite struct CostRowsTests {
    static let entry = PriceEntry(provider: "x", model: "m", prices: TokenPrices(input: 1_000_000, output: 2_000_000))

    func analyse(_ records: [RequestRecord], _ pricing: CostPricing) -> RunAnalysis {
        var a = RunAnalyzer(pricing: pricing)
        for r in records { a.add(r) }
        return a.finish(run: Fixture.run)
    }

    @Test func pricesExactlyAndLeavesEstimatesOutUnlessAsked() throws {
        let records = [Fixture.ok(index: 0, firstToken: 1, lastToken: 2, done: 2, input: 100, output: 10),
                       Fixture.ok(index: 1, firstToken: 1, lastToken: 2, done: 2, input: 300, output: 30),
                       Fixture.ok(index: 2, firstToken: 1, lastToken: 2, done: 2, input: 50, output: 5, source: .estimated)]
        let a = analyse(records, CostPricing(entries: ["m": Self.entry]))
        let g = try #require(a.group(MetricDefinitionTests.qa))
        // 100 × 1e6 + 10 × 2e6 = 1.2e8 pico-$; 300 × 1e6 + 30 × 2e6 = 3.6e8 pico-$.
        #expect(g.value("cost_usd_total") == 4.8e8 / 1e12)
        #expect(g.value("cost_usd_per_request_mean") == 2.4e8 / 1e12)
        #expect(g.value("cost_usd_per_1k_requests") == 2.4e11 / 1e12)
        #expect(g.value("usd_per_1m_input_tokens") == 1)              // 1e6 pico-$ per token = $1 per 1M tokens
        #expect(g.value("blended_usd_per_1m_tokens") == 1.25)          // (3 × 1 + 2) / 4
        #expect(g.value("requests_priced") == 2)
        #expect(g.value("requests_unpriced") == 1)
        #expect(g.sample(forMetric: "cost_usd_per_request_p95")?.values == [1.2e8 / 1e12, 3.6e8 / 1e12])
        let withEstimates = analyse(records, CostPricing(entries: ["m": Self.entry], priceEstimates: true))
        #expect(withEstimates.group(MetricDefinitionTests.qa)?.value("requests_priced_from_estimates") == 1)
    }

    @Test func unpricedModelsHaveNoValueAndANote() throws {
        let a = analyse([Fixture.ok(firstToken: 1, lastToken: 2, done: 2)], CostPricing(entries: ["other": Self.entry]))
        #expect(a.group(MetricDefinitionTests.qa)?.value("cost_usd_total") == nil)
        #expect(a.notes.contains("No price for model \"m\": its cost shows as no value (add it with --prices FILE)."))
        let none = analyse([Fixture.ok(firstToken: 1, lastToken: 2, done: 2)], CostPricing(entries: [:], batch: true))
        #expect(none.notes.contains("No model of this run has a price: cost rows show no value."))
        #expect(none.notes.contains { $0.contains("--batch-pricing") })
    }
}
