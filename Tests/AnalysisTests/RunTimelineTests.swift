import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct RunTimelineTests {
    @Test func bucketsFailuresByKindAndLagByModel() throws {
        var acc = RunTimeline.Accumulator()
        // 0…2.9 s (30 buckets of 0.1 s, the most there may be): ok attempts every 100 ms sent 5 ms late; failures at 0.5 s (http_5xx) and 2.5 s (2× http_429).
        for i in 0..<30 {
            acc.add(Fixture.ok(index: i, intended: Double(i) * 100, sent: Double(i) * 100 + 5, firstToken: Double(i) * 100 + 50,
                               lastToken: Double(i) * 100 + 60, done: Double(i) * 100 + 70))
        }
        acc.add(Fixture.failed(index: 100, kind: .http5xx, intended: 500, sent: 500))
        acc.add(Fixture.failed(index: 101, kind: .http429, intended: 2500, sent: 2510))
        acc.add(Fixture.failed(index: 102, kind: .http429, intended: 2550, sent: 2560))
        acc.add(Fixture.ok(index: 200, intended: 900_000, sent: 900_000, firstToken: 1, lastToken: 2, done: 3, warmup: true)) // warmup: ignored
        let t = try #require(acc.finish())
        #expect(t.bucketS == 0.1) // 2.9 s span: 29 buckets of 0.1 s
        #expect(t.buckets.count == 30)
        #expect(t.buckets[5].errors == [.http5xx: 1])
        #expect(t.buckets[25].errors == [.http429: 2])
        #expect(t.buckets[25].attempts == 3)
        #expect(t.errorKinds == [.http429, .http5xx])
        let lag = try #require(t.lag["m"])
        #expect(lag.count == 30)
        #expect(lag[0].p50Ms == 5 && lag[0].maxMs == 5)
        #expect(lag[25].maxMs == 10) // the two 429s were sent 10 ms late
        #expect(RunTimeline.width(spanS: 600) == 50)
        #expect(RunTimeline.width(spanS: 2.9) == 0.1)
        #expect(RunTimeline.width(spanS: 3) == 0.2)
        #expect(RunTimeline.Accumulator().finish() == nil)
    }

    @Test func boxFiguresAndFrontier() throws {
        let b = try #require(BoxFigures(sorted: (0...100).map(Double.init)))
        #expect([b.p5, b.p25, b.p50, b.p75, b.p95] == [5, 25, 50, 75, 95])
        #expect(BoxFigures(sorted: []) == nil)
        let pts = [CostQualityFrontier.Point(model: "cheap", cost: 1, quality: 0.3), .init(model: "mid", cost: 2, quality: 0.5),
                   .init(model: "worse", cost: 3, quality: 0.4), .init(model: "best", cost: 4, quality: 0.6)]
        #expect(CostQualityFrontier.frontier(pts).map(\.model) == ["cheap", "mid", "best"])
    }
}
