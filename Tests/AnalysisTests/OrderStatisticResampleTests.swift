import Testing
@testable import Analysis
import LLMBenchCore

/// The constant-time percentile draw of a large sample's bootstrap resample against the resample
/// built value by value: same distribution (mean and spread of the draws), not the same numbers.
@Suite struct OrderStatisticResampleTests {
    /// Mean and standard deviation of `xs`.
    private func moments(_ xs: [Double]) -> (mean: Double, sd: Double) {
        let m = xs.reduce(0, +) / Double(xs.count)
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        return (m, v.squareRoot())
    }

    @Test func percentileDrawsMatchValueByValueResamples() {
        // A skewed sample (squares), small enough to resample value by value here.
        let n = 4_000
        let sorted = (0..<n).map { Double($0 * $0) / 1e3 }
        for q in [0.5, 0.95, 0.99] {
            var rng2 = SplitMix64(seed: 7)
            var bufQ = [Double](repeating: 0, count: n)
            let directQ = (0..<300).map { _ -> Double in
                for i in 0..<n { bufQ[i] = sorted[rng2.nextInt(below: n)] }
                return Percentile.linear(selecting: &bufQ, q)!
            }
            var rng3 = SplitMix64(seed: 11)
            let drawn = (0..<300).map { _ in OrderStatisticResample.percentile(sorted: sorted, q, &rng3) }
            let a = moments(directQ), b = moments(drawn)
            // Means within 4 standard errors; spreads within 30 % (300 draws each).
            let se = (a.sd * a.sd / 300 + b.sd * b.sd / 300).squareRoot()
            #expect(abs(a.mean - b.mean) < 4 * se + 1e-9, "q \(q): means \(a.mean) vs \(b.mean)")
            #expect(b.sd > a.sd * 0.7 && b.sd < a.sd * 1.3, "q \(q): spreads \(a.sd) vs \(b.sd)")
        }
    }

    @Test func drawsStayInsideTheSampleAndMinMaxHitTheEnds() {
        let sorted = (0..<10_000).map(Double.init)
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let v = OrderStatisticResample.percentile(sorted: sorted, 0.99, &rng)
            #expect(v >= 0 && v <= 9_999)
        }
        // The resample's minimum is almost surely among the smallest few values (P(> 50) ≈ e⁻⁵⁰).
        #expect(OrderStatisticResample.percentile(sorted: sorted, 0, &rng) < 50)
        #expect(OrderStatisticResample.percentile(sorted: sorted, 1, &rng) > 9_949)
    }

    @Test func gammaHasItsMean() {
        var rng = SplitMix64(seed: 5)
        let xs = (0..<2_000).map { _ in OrderStatisticResample.gamma(50, &rng) }
        let m = moments(xs)
        #expect(abs(m.mean - 50) < 4 * (50.0 / 2_000).squareRoot())
        #expect(abs(m.sd - 50.0.squareRoot()) < 1)
    }

    @Test func largeSamplesUseTheDrawSmallOnesAreUnchanged() throws {
        // Up to the limit every figure is the value-by-value bootstrap (same seed, same interval);
        // above it the interval still brackets the true change of a 30 % shift.
        let small = (0..<500).map { Double($0 % 97) + 1 }
        let a = try #require(Bootstrap.change(baseline: small, candidate: small.map { $0 * 1.3 }, statistic: .p95, resamples: 200))
        let b = try #require(Bootstrap.change(baseline: small, candidate: small.map { $0 * 1.3 }, statistic: .p95, resamples: 200))
        #expect(a == b)
        let big = (0..<(Bootstrap.directLimit + 1_000)).map { Double($0 % 997) + 1 }
        let e = try #require(Bootstrap.change(baseline: big, candidate: big.map { $0 * 1.3 }, statistic: .p95, resamples: 300))
        let r = try #require(e.relativeInterval)
        #expect(r.lower > 0.25 && r.lower <= 0.3 + 1e-12 && r.upper >= 0.3 - 1e-12 && r.upper < 0.35)
    }
}
