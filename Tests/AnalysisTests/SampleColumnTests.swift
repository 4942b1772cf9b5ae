import Foundation
import Testing
import LLMBenchCore
@testable import Analysis

@Suite("Analysis at scale: exact columns up to their limit, a log histogram beyond, requests folded in order")
struct SampleColumnTests {
    /// Seeded values spread over five decades (like latencies in ns), some negative and some zero.
    static func values(_ n: Int, seed: UInt64 = 7) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { i in
            if i % 97 == 0 { return 0 }
            let v = (1e5 * exp(rng.nextStandardNormal() * 2.5)).rounded()
            return i % 89 == 0 ? -v : v
        }
    }

    @Test func belowTheLimitEveryStatisticIsExact() {
        let xs = Self.values(10_000)
        var c = SampleColumn()
        c.append(contentsOf: xs)
        let s = c.summary { $0 / 1e6 }
        let sorted = xs.sorted().map { $0 / 1e6 }
        #expect(!s.approximate)
        for stat in Statistic.allCases { #expect(s.value(stat) == stat.of(sorted: sorted), "\(stat)") }
        #expect(s.display == sorted)
    }

    @Test func beyondTheLimitPercentilesAreWithinHalfAPerMille() {
        let n = SampleColumn.exactLimit + 50_000
        let xs = Self.values(n)
        var c = SampleColumn()
        c.append(contentsOf: xs)
        let s = c.summary { $0 / 1e6 }
        let sorted = xs.sorted().map { $0 / 1e6 }
        #expect(s.approximate)
        #expect(s.value(.count) == Double(n))
        #expect(s.value(.min) == sorted.first)
        #expect(s.value(.max) == sorted.last)
        let exactMean = sorted.reduce(0, +) / Double(n)
        #expect(abs(s.value(.mean)! - exactMean) <= 1e-9 * abs(exactMean))
        for stat in [Statistic.p50, .p90, .p95, .p99] {
            let exact = stat.of(sorted: sorted)!
            #expect(abs(s.value(stat)! - exact) <= 0.0005 * abs(exact), "\(stat): \(s.value(stat)!) vs \(exact)")
        }
        #expect(s.display.count == SampleColumn.bootstrapLimit)
        #expect(s.display == s.display.sorted())
    }

    /// Adding a buffer of values counts exactly what adding them one by one does, whatever buckets
    /// they need (new ones below and above, zeros, negatives, infinities, NaN).
    @Test func histogramAddsABufferAsItsValuesOneByOne() {
        let xs = Self.values(3_000) + [.nan, .infinity, -.infinity, 1e-300, 1e300, 0, -0.0, 5, .nan]
        var one = LogHistogram(), bulk = LogHistogram()
        for v in xs { one.add(v) }
        for chunk in stride(from: 0, to: xs.count, by: 61) {
            xs[chunk..<min(chunk + 61, xs.count)].withUnsafeBufferPointer { bulk.add(contentsOf: $0) }
        }
        #expect(bulk == one)
        // A column past its limit: the same statistics (sums to the bit) as appending value by value.
        let tail = xs.filter { !$0.isInfinite }
        var c1 = SampleColumn(), c2 = SampleColumn()
        let big = Self.values(SampleColumn.exactLimit + 1) + tail
        for v in big { c1.append(v) }
        c2.append(contentsOf: Array(big.prefix(SampleColumn.exactLimit + 1)))
        c2.append(contentsOf: tail)
        let s1 = c1.summary { $0 }, s2 = c2.summary { $0 }
        #expect(s1.statistics == s2.statistics)
        #expect(s1.display == s2.display)
    }

    @Test func histogramsMergeToTheSameCounts() {
        let xs = Self.values(5_000)
        var whole = LogHistogram(), a = LogHistogram(), b = LogHistogram()
        for v in xs { whole.add(v) }
        for v in xs.prefix(2_000) { a.add(v) }
        for v in xs.dropFirst(2_000) { b.add(v) }
        a.merge(b)
        #expect(a == whole)
        let ranks = [0, 1, 2_500, 4_998, 4_999]
        #expect(a.values(atRanks: ranks) == ranks.map { whole.value(atRank: $0) })
        let sorted = xs.sorted()
        for r in ranks { #expect(abs(whole.value(atRank: r) - sorted[r]) <= abs(sorted[r]) * 0.0005) }
    }

    /// More requests than `GroupAccumulator.openLimit`, in store order: figures equal those of a run
    /// small enough never to fold, computed from the same rule.
    @Test func requestsInIndexOrderFoldWithoutChangingFigures() throws {
        let n = GroupAccumulator.openLimit * 3
        var a = RunAnalyzer()
        var finalErrors = 0, ok = 0
        for i in 0..<n {
            if i % 7 == 0 {
                a.add(Fixture.failed(index: i, attempt: 0, intended: Double(i), sent: Double(i), done: Double(i) + 1))
                a.add(Fixture.ok(index: i, attempt: 1, intended: Double(i) + 2, sent: Double(i) + 2, firstToken: Double(i) + 3,
                                 lastToken: Double(i) + 4, done: Double(i) + 5))
                ok += 1
            } else if i % 11 == 0 {
                a.add(Fixture.failed(index: i, attempt: 0, intended: Double(i), sent: Double(i), done: Double(i) + 1))
                finalErrors += 1
            } else {
                a.add(Fixture.ok(index: i, intended: Double(i), sent: Double(i), firstToken: Double(i) + 1,
                                 lastToken: Double(i) + 2, done: Double(i) + 3))
                ok += 1
            }
        }
        let r = a.finish(run: Fixture.run)
        let g = try #require(r.group(GroupKey(model: "m", dataset: "qa")))
        #expect(g.lateRecords == 0)
        #expect(g.requests == n)
        #expect(g.value(.errorRate) == Double(finalErrors) / Double(n))
        #expect(g.value("e2e_incl_retries_ms_count") == Double(ok))
        #expect(g.value("e2e_incl_retries_ms_max") == 5)
        #expect(!r.notes.contains { $0.contains("out of request order") })
    }

    @Test func recordsOutOfRequestOrderAreNoted() {
        let n = GroupAccumulator.openLimit + 10
        var a = RunAnalyzer()
        for i in (0..<n).reversed() { a.add(Fixture.ok(index: i, firstToken: 1, lastToken: 2, done: 3)) }
        a.add(Fixture.ok(index: n - 1, attempt: 1, firstToken: 1, lastToken: 2, done: 3))
        let r = a.finish(run: Fixture.run)
        #expect(r.groups[0].requests == n)
        #expect(r.notes.contains { $0.contains("out of request order") } == (r.groups[0].lateRecords > 0))
    }
}
