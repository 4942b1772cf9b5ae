import LLMBenchCore
import Testing
@testable import Analysis

/// Expected values computed with `numpy.quantile(v, q)` (numpy's default `method="linear"`).
@Suite struct PercentileTests {
    static let ten: [Double] = [12, 15, 15, 18, 21, 22, 30, 41, 41, 99]
    static let odd: [Double] = [0.1, 0.2, 0.7, 1.3, 2.9, 3.3, 10.01]

    @Test func emptyAndOutOfRangeHaveNoValue() {
        #expect(Percentile.linear([], 0.5) == nil)
        #expect(Percentile.linear([1, 2], -0.1) == nil)
        #expect(Percentile.linear([1, 2], 1.1) == nil)
    }

    @Test func singleValueIsEveryQuantile() {
        for q in [0, 0.25, 0.333, 0.5, 0.9, 0.95, 0.99, 1] { #expect(Percentile.linear([7.5], q) == 7.5) }
    }

    @Test func twoValues() {
        let v: [Double] = [1, 3]
        let expected: [(Double, Double)] = [(0, 1.0), (0.5, 2.0), (0.9, 2.8), (0.95, 2.9), (0.99, 2.98), (1, 3.0),
                                            (0.25, 1.5), (0.333, 1.666)]
        for (q, e) in expected { #expect(Percentile.linear(v, q) == e, "q=\(q)") }
    }

    @Test func ties() {
        let v: [Double] = [2, 2, 2, 5, 5]
        let expected: [(Double, Double)] = [(0, 2), (0.25, 2), (0.5, 2), (0.9, 5), (0.95, 5), (0.99, 5), (1, 5)]
        for (q, e) in expected { #expect(Percentile.linear(v, q) == e, "q=\(q)") }
    }

    @Test func tenValuesBitForBit() {
        let expected: [(Double, Double)] = [(0, 12.0), (0.25, 15.75), (0.333, 17.991), (0.5, 21.5),
                                            (0.9, 46.79999999999998), (0.95, 72.89999999999993), (0.99, 93.78), (1, 99.0)]
        for (q, e) in expected { #expect(Percentile.linear(Self.ten, q) == e, "q=\(q)") }
    }

    @Test func oddCountBitForBit() {
        let expected: [(Double, Double)] = [(0, 0.1), (0.25, 0.44999999999999996), (0.333, 0.6990000000000001),
                                            (0.5, 1.3), (0.9, 5.984000000000002), (0.95, 7.996999999999995),
                                            (0.99, 9.607399999999997), (1, 10.01)]
        for (q, e) in expected { #expect(Percentile.linear(Self.odd, q) == e, "q=\(q)") }
    }

    @Test func statisticsOfSortedValues() {
        #expect(Statistic.p50.of(sorted: Self.ten) == 21.5)
        #expect(Statistic.mean.of(sorted: Self.ten) == 31.4)
        #expect(Statistic.min.of(sorted: Self.ten) == 12)
        #expect(Statistic.max.of(sorted: Self.ten) == 99)
        #expect(Statistic.count.of(sorted: Self.ten) == 10)
        #expect(Statistic.count.of(sorted: []) == 0)
        #expect(Statistic.mean.of(sorted: []) == nil)
        #expect(Statistic.p99.of(sorted: []) == nil)
    }
}
