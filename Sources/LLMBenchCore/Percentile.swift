/// Percentiles of sorted samples, computed exactly as numpy's default `method="linear"`.
///
/// numpy (`numpy.percentile` / `numpy.quantile`, method `linear`, Hyndman & Fan type 7): with n
/// sorted values and quantile q in [0, 1], the virtual index is h = (n − 1)·q; with lo = ⌊h⌋,
/// hi = min(lo + 1, n − 1) and t = h − lo, the result is the linear interpolation between `a[lo]`
/// and `a[hi]`. numpy's `_lerp` evaluates `a + (b − a)·t` when t < 0.5 and `b − (b − a)·(1 − t)`
/// otherwise; we do the same so results match numpy bit for bit.
public enum Percentile {
    /// The q-quantile (q in [0, 1]) of `sorted` (ascending); `nil` for no values or q outside [0, 1].
    public static func linear(_ sorted: [Double], _ q: Double) -> Double? {
        let n = sorted.count
        guard n > 0, q >= 0, q <= 1 else { return nil }
        if n == 1 { return sorted[0] }
        let h = Double(n - 1) * q
        let lo = min(Int(h.rounded(.down)), n - 1)
        let hi = min(lo + 1, n - 1)
        let t = h - Double(lo)
        let a = sorted[lo], b = sorted[hi]
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}
