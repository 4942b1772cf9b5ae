import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct BootstrapTests {
    @Test func splitMix64KnownAnswers() {
        // Reference outputs of SplitMix64 for seed 0 (computed from its published definition).
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var g = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let v = g.nextInt(below: 7)
            #expect((0..<7).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }

    /// Uniform-ish values in [100, 140): a fixed synthetic latency sample.
    static func sample(_ n: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in (100 + Double(g.next() >> 11) / Double(1 << 53) * 40) * scale }
    }

    @Test func identicalSamplesIntervalContainsZero() throws {
        let s = Self.sample(200, seed: 1)
        let e = try #require(Bootstrap.change(baseline: s, candidate: s, statistic: .p95))
        #expect(e.absoluteChange == 0)
        #expect(e.absoluteInterval.lower < 0 && e.absoluteInterval.upper > 0)
        #expect(Gate.classify(try #require(e.relativeInterval), direction: .lowerIsBetter) == .inconclusive)
        #expect(Gate.classify(try #require(e.relativeInterval), direction: .lowerIsBetter, threshold: 0.15, relative: true) == .ok)
    }

    @Test func sameSeedSameInterval() throws {
        let a = Self.sample(100, seed: 1), b = Self.sample(100, seed: 2)
        let x = Bootstrap.change(baseline: a, candidate: b, statistic: .p50, seed: 9)
        let y = Bootstrap.change(baseline: a, candidate: b, statistic: .p50, seed: 9)
        #expect(x == y)
    }

    @Test func thirtyPercentSlowerIsWhollyAboveFifteen() throws {
        let s = Self.sample(200, seed: 1)
        let e = try #require(Bootstrap.change(baseline: s, candidate: s.map { $0 * 1.3 }, statistic: .p95))
        #expect(abs(try #require(e.relativeChange) - 0.3) < 1e-12)
        let r = try #require(e.relativeInterval)
        #expect(r.lower > 0.15)
        #expect(r.lower <= 0.3 && r.upper >= 0.3)
    }

    @Test func emptyOrBadConfidenceHasNoEstimate() {
        #expect(Bootstrap.change(baseline: [], candidate: [1], statistic: .mean) == nil)
        #expect(Bootstrap.change(baseline: [1], candidate: [1], statistic: .mean, confidence: 1) == nil)
    }

    @Test func zeroBaselineHasNoRelativeChange() throws {
        let e = try #require(Bootstrap.change(baseline: [0, 0, 0], candidate: [1, 0, 1], statistic: .mean))
        #expect(e.relativeChange == nil)
        #expect(e.relativeInterval == nil)
        #expect(e.absoluteChange == 2.0 / 3.0)
    }
}
