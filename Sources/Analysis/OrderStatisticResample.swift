import Foundation
import LLMBenchCore

/// A bootstrap resample's percentile drawn in O(1) from its order statistics' distribution, for
/// samples too large to resample value by value (`Bootstrap.directLimit`).
///
/// Resampling n values with replacement draws n uniform indices ⌊n·Uᵢ⌋ (Uᵢ uniform on [0, 1)); the
/// map u ↦ ⌊n·u⌋ is monotone, so the resample's k-th smallest value (1-based) is `sorted[⌊n·U₍ₖ₎⌋]`,
/// where U₍ₖ₎, the k-th smallest of n uniforms, is Beta(k, n − k + 1) (David & Nagaraja, *Order
/// Statistics*, §2.3). The next one is U₍ₖ₊₁₎ = U₍ₖ₎ + (1 − U₍ₖ₎)·(1 − V^(1/(n−k))), V uniform (the
/// other n − k draws are uniform above U₍ₖ₎). The percentile then interpolates those two values
/// exactly as `Percentile.linear` does. The result has the same distribution as the value-by-value
/// resample's percentile (not the same numbers: it draws fewer random values).
/// Beta comes from two gamma variates, Gamma(a) by Marsaglia & Tsang (ACM TOMS 26(3), 2000).
enum OrderStatisticResample {
    /// The `q`-quantile (numpy linear) of one resample of `sorted` (ascending, n ≥ 2) with replacement.
    static func percentile(sorted: [Double], _ q: Double, _ rng: inout SplitMix64) -> Double {
        let n = sorted.count
        let (lo, hi, t) = Percentile.position(n, q)
        // 0-based rank lo is the (lo + 1)-th smallest.
        let k = lo + 1
        let u = beta(Double(k), Double(n - k + 1), &rng)
        let a = sorted[index(u, n)]
        guard hi > lo else { return a }
        let v = 1 - rng.nextUnitDouble()                  // (0, 1]
        let next = u + (1 - u) * (1 - Foundation.pow(v, 1 / Double(n - k)))
        return Percentile.interpolate(a, sorted[index(next, n)], t)
    }

    private static func index(_ u: Double, _ n: Int) -> Int { min(n - 1, max(0, Int(u * Double(n)))) }

    /// A Beta(a, b) variate (a, b ≥ 1): X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b).
    static func beta(_ a: Double, _ b: Double, _ rng: inout SplitMix64) -> Double {
        let x = gamma(a, &rng), y = gamma(b, &rng)
        return x / (x + y)
    }

    /// A Gamma(shape, 1) variate for shape ≥ 1 (Marsaglia & Tsang: d = shape − 1/3, c = 1/√(9d);
    /// accept d·v, v = (1 + c·z)³, when log u < z²/2 + d − d·v + d·log v).
    static func gamma(_ shape: Double, _ rng: inout SplitMix64) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let z = rng.nextStandardNormal()
            var v = 1 + c * z
            guard v > 0 else { continue }
            v = v * v * v
            let u = 1 - rng.nextUnitDouble()              // (0, 1]: keeps log finite
            if Foundation.log(u) < 0.5 * z * z + d - d * v + d * Foundation.log(v) { return d * v }
        }
    }
}
