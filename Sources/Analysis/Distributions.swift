import Foundation

/// Quantiles of the distributions the gate's intervals use (pure, no tables).
public enum Distributions {
    /// The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, |error| < 1.2e-9).
    public static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
    }

    /// Φ(x), the standard normal distribution function, from `erfc`.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The chi-square quantile χ²_k(p) by the Wilson–Hilferty approximation
    /// k · (1 − 2/(9k) + Φ⁻¹(p) · √(2/(9k)))³ (relative error below 1 % for k ≥ 3 away from the tails);
    /// 0 when that cube is negative.
    public static func chiSquareQuantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
        let a = 2 / (9 * k)
        let c = 1 - a + normalQuantile(p) * a.squareRoot()
        return c <= 0 ? 0 : k * c * c * c
    }

    /// The Student-t quantile t⁻¹_ν(p) for ν ≥ 1 degrees of freedom and p in (0, 1): the root of
    /// F_ν(t) = p found by bisection to 1e-12, with F_ν(t) = 1 − ½ · I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0
    /// (I the regularized incomplete beta function) and symmetry below 0. `nil` outside that domain.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double? {
        guard p > 0, p < 1, nu >= 1, nu.isFinite else { return nil }
        if p == 0.5 { return 0 }
        if p < 0.5 { return studentTQuantile(1 - p, degreesOfFreedom: nu).map { -$0 } }
        var lo = 0.0, hi = 1.0
        while studentTCDF(hi, nu) < p && hi < 1e12 { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if studentTCDF(mid, nu) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-12 * max(1, hi) { break }
        }
        return (lo + hi) / 2
    }

    /// F_ν(t), the Student-t distribution function.
    static func studentTCDF(_ t: Double, _ nu: Double) -> Double {
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), by the continued fraction of the incomplete beta function (modified Lentz method),
    /// using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - front * betaFraction(1 - x, b, a) / b }
        return front * betaFraction(x, a, b) / a
    }

    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; if abs(d) < tiny { d = tiny }
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; if abs(d) < tiny { d = tiny }
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
