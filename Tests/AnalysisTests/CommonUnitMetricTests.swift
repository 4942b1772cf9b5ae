import Testing
import LLMBenchCore
@testable import Analysis

/// The o200k (common-unit) metrics, each by its formula on hand-made records.
@Suite struct CommonUnitMetricTests {
    func analyse(_ records: [RequestRecord]) -> RunAnalysis {
        var a = RunAnalyzer()
        for r in records { a.add(r) }
        return a.finish(run: Fixture.run)
    }

    static func counted(_ r: RequestRecord, input: Int?, output: Int?) -> RequestRecord {
        var r = r
        r.inputO200kTokens = input; r.outputO200kTokens = output
        return r
    }

    @Test func o200kSpeedsCountsAndTheVendorRatio() throws {
        // Two answers the vendor counted as 11 and 30 tokens, 10 and 24 in o200k; 0 → 320 ms and 0 → 400 ms.
        let a = Self.counted(Fixture.ok(index: 0, sent: 0, firstToken: 100, lastToken: 300, done: 320, output: 11), input: 90, output: 10)
        let b = Self.counted(Fixture.ok(index: 1, sent: 0, firstToken: 100, lastToken: 380, done: 400, output: 30), input: 95, output: 24)
        // A locally counted answer: in the o200k figures, not in the vendor ratio.
        let c = Self.counted(Fixture.ok(index: 2, sent: 0, firstToken: 100, lastToken: 380, done: 400, output: 7, source: .estimated),
                             input: 80, output: 7)
        let run = analyse([a, b, c])
        let g = try #require(run.group(GroupKey(model: "m", dataset: "qa")))
        let total = try #require(run.group(GroupKey(model: "m", dataset: nil)))
        #expect(g.value("request_output_o200k_tokens_per_s_min") == 7 / 0.4)
        #expect(g.value("request_output_o200k_tokens_per_s_max") == 24 / 0.4)
        #expect(g.value("output_o200k_tokens_mean") == (10 + 24 + 7) / 3.0)
        #expect(g.value("input_o200k_tokens_max") == 95)
        #expect(g.value("vendor_tokens_per_o200k_token") == 41.0 / 34.0)
        #expect(g.value("output_o200k_tokens_per_s") == nil, "a per-model figure")
        #expect(total.value("output_o200k_tokens_per_s") == 41 / 0.4)
        // One successful answer without a count (a version-4 row): no aggregate, no wrong partial sum.
        let old = Fixture.ok(index: 3, sent: 0, firstToken: 100, lastToken: 380, done: 400, output: 5)
        let partial = try #require(analyse([a, b, c, old]).group(GroupKey(model: "m", dataset: nil)))
        #expect(partial.value("output_o200k_tokens_per_s") == nil)
        #expect(partial.value("output_o200k_tokens_count") == 3)
        #expect(analyse([a, b, c, old]).notes.contains { $0.contains("1 of 4 successful requests have no o200k counts") })
    }
}
