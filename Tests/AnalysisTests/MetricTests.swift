import Foundation
import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct MetricTests {
    func analyse(_ records: [RequestRecord]) -> RunAnalysis {
        var a = RunAnalyzer()
        for r in records { a.add(r) }
        return a.finish(run: Fixture.run)
    }

    @Test func streamedRequestFormulas() throws {
        // sent 10 ms after intended; first token 110 ms after send; the answer's 11 tokens run from the
        // first output (150) to the last token (320): ITL 170 / 10 = 17 ms (issue 10: answer only).
        let r = Fixture.ok(intended: 0, sent: 10, firstByte: 100, firstToken: 120, firstOutput: 150, lastToken: 320,
                           done: 330, input: 100, output: 11)
        let a = analyse([r])
        let g = try #require(a.group(GroupKey(model: "m", dataset: "qa")))
        let total = try #require(a.group(GroupKey(model: "m", dataset: nil)))
        #expect(g.value(.ttftMs, .p50) == 110)
        #expect(g.value(.ttfoMs, .p50) == 140)
        #expect(g.value(.ttfbMs, .p50) == 90)
        #expect(g.value(.itlMs, .p50) == 17)
        #expect(g.value(.thinkingMs, .p50) == 30)
        #expect(g.value(.e2eMs, .p50) == 320)
        #expect(g.value(.requestOutputTokensPerS, .p50) == 11 / 0.32)   // answer tokens over sent → done
        #expect(g.value(.inputTokens, .mean) == 100)
        #expect(g.value(.outputTokens, .mean) == 11)
        #expect(g.value(.dispatchLagMs, .p99) == 10)
        #expect(g.value(.ttftFromIntendedMs, .p50) == 120)
        #expect(g.value(.ttfbFromIntendedMs, .p50) == 100)
        #expect(g.value(.e2eFromIntendedMs, .p50) == 330)
        #expect(g.value(.activeDurationS) == 0.32)
        #expect(g.value(.outputTokensPerS) == nil)       // a per-model figure
        #expect(total.value(.outputTokensPerS) == 11 / 0.32)
        #expect(total.value(.requestsPerS) == 1 / 0.32)
        #expect(g.value(.shareOfRequests) == 1)
        #expect(g.value(.errorRate) == 0)
        #expect(g.value(CountMetricNames.tokensSource(.server)) == 1)
    }

    @Test func nonStreamedHasNoTokenTimings() throws {
        let r = Fixture.ok(sent: 0, firstToken: nil, lastToken: nil, done: 500, output: 50)
        let g = try #require(analyse([r]).group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.value(.ttftMs, .p50) == nil)
        #expect(g.value(.ttftMs, .mean) == nil)
        #expect(g.value(.ttftMs, .count) == 0)
        #expect(g.value(.itlMs, .p95) == nil)
        #expect(g.value(.ttftFromIntendedMs, .p50) == nil)
        #expect(g.value(.e2eMs, .p50) == 500)
        #expect(g.value(.requestOutputTokensPerS, .mean) == 100)
    }

    @Test func itlNeedsTwoTokensAndUsage() throws {
        let one = Fixture.ok(index: 0, firstToken: 10, lastToken: 10, done: 20, output: 1)
        let noUsage = Fixture.ok(index: 1, firstToken: 10, lastToken: 50, done: 60, usage: false)
        let a = analyse([one, noUsage])
        let g = try #require(a.group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.value(.itlMs, .count) == 0)
        #expect(g.value(.itlMs, .mean) == nil)
        #expect(g.value(.ttftMs, .count) == 2)
        #expect(g.value(.requestOutputTokensPerS, .count) == 1)
        #expect(g.value(CountMetricNames.tokensSourceNone) == 1)
        #expect(a.group(GroupKey(model: "m", dataset: nil))?.value(.outputTokensPerS) == 1 / 0.06)   // only counted tokens; window 0 → 60 ms
    }

    @Test func failuresCountButDoNotFeedLatency() throws {
        let ok = Fixture.ok(index: 0, sent: 0, firstToken: 100, lastToken: 200, done: 200)
        let bad = Fixture.failed(index: 1, kind: .http429, intended: 0, sent: 3, done: 400)
        let cancelled = Fixture.failed(index: 2, kind: .cancelled, status: .cancelled, sent: 4, done: 50)
        let a = analyse([ok, bad, cancelled])
        let g = try #require(a.group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.attempts == 3)
        #expect(g.errors == 1)
        #expect(g.value(.cancelled) == 1)
        #expect(g.errorRate == 0.5)                              // 1 failed of 2 requests not cancelled
        #expect(g.value(.attemptErrorRate) == 1.0 / 3.0)
        #expect(g.value(.e2eMs, .count) == 1)
        #expect(g.value(.e2eMs, .max) == 200)
        #expect(g.value(CountMetricNames.errors(.http429)) == 1)
        #expect(g.value(CountMetricNames.errors(.cancelled)) == 1)
        #expect(g.value(CountMetricNames.errors(.timeout)) == 0)
        #expect(g.value(.dispatchLagMs, .count) == 3)           // every sent attempt
        #expect(g.value(.dispatchLagMs, .max) == 4)
        #expect(g.value(.activeDurationS) == 0.4)               // first sent 0 → last done 400 ms
        #expect(a.group(GroupKey(model: "m", dataset: nil))?.value(.requestsPerS) == 1 / 0.4)
    }

    @Test func warmupIsCountedOnly() throws {
        let warm = Fixture.ok(index: 0, firstToken: 900, lastToken: 950, done: 1000, warmup: true)
        let warmFail = Fixture.failed(index: 1, warmup: true)
        let real = Fixture.ok(index: 2, sent: 2000, firstToken: 2050, lastToken: 2100, done: 2100)
        let g = try #require(analyse([warm, warmFail, real]).group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.value(.warmup) == 2)
        #expect(g.attempts == 1)
        #expect(g.errors == 0)
        #expect(g.value(.ttftMs, .count) == 1)
        #expect(g.value(.ttftMs, .p50) == 50)
        #expect(g.value(.activeDurationS) == 0.1)
    }

    @Test func retriesAreAttemptsOfOneRequest() throws {
        let first = Fixture.failed(index: 7, attempt: 0, kind: .http5xx)
        let retry = Fixture.ok(index: 7, attempt: 1, sent: 10, firstToken: 20, lastToken: 30, done: 30)
        let g = try #require(analyse([first, retry]).group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.requests == 1)
        #expect(g.attempts == 2)
        #expect(g.value(.retries) == 1)
        #expect(g.errorRate == 0)                                // the request succeeded on retry
        #expect(g.value(.attemptErrorRate) == 0.5)
    }

    @Test func emptyGroupIsNoValueNotZero() throws {
        let g = try #require(analyse([Fixture.failed(sent: nil, done: nil)]).group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.value(.activeDurationS) == nil)
        #expect(g.value(.outputTokensPerS) == nil)
        #expect(g.value(.e2eMs, .p50) == nil)
        #expect(g.errorRate == 1)
    }

    @Test func catalogNamesFollowTheConvention() {
        let names = Set(MetricCatalog.names)
        for n in ["ttft_ms_p50", "itl_ms_p95", "e2e_ms_mean", "output_tokens_per_s", "error_rate", "requests_per_s",
                  "dispatch_lag_ms_p99", "ttft_from_intended_ms_p95", "e2e_from_intended_ms_p99", "input_tokens_mean",
                  "output_tokens_mean", "errors_http_429", "tokens_source_estimated", "ttft_ms_count"] {
            #expect(names.contains(n), "\(n)")
        }
        #expect(names.count == MetricCatalog.all.count)
        #expect(MetricCatalog.definition(named: "ttft_ms_p95")?.unit == .ms)
        #expect(MetricCatalog.definition(named: "ttft_ms_p95")?.direction == .lowerIsBetter)
        #expect(MetricCatalog.definition(named: "nope") == nil)
    }
}

@Suite struct MetricDocsTests {
    /// README.md names every base metric of the catalog.
    @Test func docsNameEveryBase() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for d in DistributionMetric.allCases { #expect(text.contains("`\(d.rawValue)`"), "\(d.rawValue)") }
        for s in ScalarMetric.allCases { #expect(text.contains("`\(s.rawValue)`"), "\(s.rawValue)") }
    }
}
