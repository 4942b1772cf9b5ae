import Foundation
import Testing
@testable import Scheduler

@Suite struct ArrivalScheduleTests {
    @Test func constantRateHasNoDrift() {
        var s = ArrivalSchedule(profile: .constant(ratePerSecond: 3), seed: 1, startNs: 0)
        let t = (0..<301).map { _ in s.next(startNs: 0) }
        #expect(t[0] == 0)
        #expect(t[3] == 1_000_000_000)
        #expect(t[300] == 100_000_000_000)
    }

    @Test func poissonIsDeterministicBySeed() {
        var a = ArrivalSchedule(profile: .poisson(ratePerSecond: 5), seed: 42, startNs: 0)
        var b = ArrivalSchedule(profile: .poisson(ratePerSecond: 5), seed: 42, startNs: 0)
        var c = ArrivalSchedule(profile: .poisson(ratePerSecond: 5), seed: 43, startNs: 0)
        let ta = (0..<50).map { _ in a.next(startNs: 0) }
        #expect(ta == (0..<50).map { _ in b.next(startNs: 0) })
        #expect(ta != (0..<50).map { _ in c.next(startNs: 0) })
    }

    /// Kolmogorov–Smirnov test of the gaps against Exponential(rate) at the shipped default seed:
    /// D must stay under the 1% critical value 1.628 / sqrt(n).
    @Test func poissonGapsPassKolmogorovSmirnov() {
        let rate = 5.0, n = 2000
        var s = ArrivalSchedule(profile: .poisson(ratePerSecond: rate), seed: 0, startNs: 0)
        var prev: Int64 = 0
        var gaps: [Double] = []
        for _ in 0..<n {
            let t = s.next(startNs: 0)
            gaps.append(Double(t - prev) / 1e9)
            prev = t
        }
        gaps.sort()
        var d = 0.0
        for (i, g) in gaps.enumerated() {
            let cdf = 1 - exp(-rate * g)
            d = max(d, abs(cdf - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - cdf))
        }
        #expect(d < 1.628 / Double(n).squareRoot())
        let mean = gaps.reduce(0, +) / Double(n)
        #expect(abs(mean - 1 / rate) / (1 / rate) < 0.1)
    }
}
