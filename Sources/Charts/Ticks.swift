/// Axis ticks at round numbers: linear ticks are multiples of a 1-2-5 step (1, 2 or 5 × 10^k), log ticks
/// are powers of ten, with 2 and 5 × 10^k added when the range spans at most three decades.
public enum Ticks {
    /// The 1-2-5 step nearest (by ratio) to `span / target` for `span` > 0: `step(span: 10, target: 5) == 2`,
    /// `step(span: 0.9, target: 5) == 0.2`, `step(span: 120, target: 5) == 20` (24 is nearer 20 than 50).
    public static func step(span: Double, target: Int = 5) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, target))
        var e = 0
        var p = 1.0
        while p * 10 <= raw { p *= 10; e += 1 }
        while p > raw { p /= 10; e -= 1 }
        var best = scaled(1, e), bestRatio = Double.infinity
        for m in [1.0, 2.0, 5.0, 10.0] {
            let s = scaled(m, e)
            let ratio = s > raw ? s / raw : raw / s
            if ratio < bestRatio * (1 - 1e-12) { best = s; bestRatio = ratio }
        }
        return best
    }

    /// `m × 10^e` computed so that decimal steps are the nearest Double (0.2, not 0.2000000004).
    static func scaled(_ m: Double, _ e: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(e) { p *= 10 }
        return e >= 0 ? m * p : m / p
    }

    /// Linear ticks covering `[lo, hi]`: the domain widened to multiples of the step, and every multiple in it.
    /// `linear(lo: 3, hi: 97)` gives domain 0...100 and ticks 0, 20, …, 100.
    public static func linear(lo: Double, hi: Double, target: Int = 5) -> (domain: ClosedRange<Double>, ticks: [Double], step: Double) {
        var lo = lo, hi = hi
        if !(hi > lo) { // one value (or none): a range around it
            let c = lo.isFinite ? lo : 0
            let half = c == 0 ? 1 : abs(c) / 2
            lo = c - half; hi = c + half
            if c >= 0 && lo < 0 { lo = 0 }
        }
        let s = step(span: hi - lo, target: target)
        let first = (lo / s * (1 + 1e-12)).rounded(.down), last = (hi / s * (1 - 1e-12)).rounded(.up)
        let kLo = Int(first), kHi = Int(last)
        // k × step as (k × m) / 10^d, one correctly rounded division: 3 × 0.1 is 0.3, not 0.30000000000000004.
        let d = NumberText.decimalsFor(step: s), p = scaled(1, d), m = (s * p).rounded()
        let ticks = (kLo...max(kLo + 1, kHi)).map { k in d == 0 ? Double(k) * s : Double(k) * m / p }
        return (ticks.first!...ticks.last!, ticks, s)
    }

    /// Log ticks covering `[lo, hi]` (both > 0): the domain widened to powers of ten; ticks at each power,
    /// plus 2 and 5 × 10^k when the domain spans at most three decades.
    public static func log(lo: Double, hi: Double) -> (domain: ClosedRange<Double>, ticks: [Double]) {
        let lo = max(lo, Double.leastNormalMagnitude), hi = max(hi, lo)
        var eLo = 0, eHi = 0
        while scaled(1, eLo) > lo * (1 + 1e-12) { eLo -= 1 }
        while scaled(1, eLo + 1) <= lo * (1 + 1e-12) { eLo += 1 }
        eHi = eLo
        while scaled(1, eHi) < hi * (1 - 1e-12) { eHi += 1 }
        if eHi == eLo { eHi += 1 }
        var ticks: [Double] = []
        let fine = eHi - eLo <= 3
        for e in eLo...eHi {
            ticks.append(scaled(1, e))
            if fine && e < eHi { ticks += [scaled(2, e), scaled(5, e)] }
        }
        return (scaled(1, eLo)...scaled(1, eHi), ticks)
    }
}
