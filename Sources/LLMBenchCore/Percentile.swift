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
        let (lo, hi, t) = position(n, q)
        return interpolate(sorted[lo], sorted[hi], t)
    }

    /// numpy's "linear" position: h = (n − 1) · q, the order statistics ⌊h⌋ and ⌊h⌋ + 1 (clamped) and
    /// the fraction t = h − ⌊h⌋ between them.
    public static func position(_ n: Int, _ q: Double) -> (lo: Int, hi: Int, t: Double) {
        let h = Double(n - 1) * q
        let lo = min(Int(h.rounded(.down)), n - 1)
        return (lo, min(lo + 1, n - 1), h - Double(lo))
    }

    /// a + (b − a) · t, computed from the nearer end as numpy does (so t = 1 gives b exactly).
    public static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}

extension Percentile {
    /// `linear(sorted, q)` of `values` in any order, without sorting: the two order statistics it
    /// reads are found by selection (Hoare's quickselect with median-of-three pivots, O(n) expected),
    /// then combined exactly as `linear` does, so the result is bit-identical. Reorders `values`.
    public static func linear(selecting values: inout [Double], _ q: Double) -> Double? {
        let n = values.count
        guard n > 0, q >= 0, q <= 1 else { return nil }
        if n == 1 { return values[0] }
        let (lo, hi, t) = position(n, q)
        let a = select(&values, lo)
        var b = a
        if hi > lo {
            // After selection everything right of `lo` is ≥ it: the next order statistic is their minimum.
            b = values[hi]
            for i in hi..<n where values[i] < b { b = values[i] }
        }
        return interpolate(a, b, t)
    }

    /// The k-th smallest of `xs` (0-based), leaving it at index k with smaller-or-equal values left
    /// of it and greater-or-equal values right of it.
    static func select(_ xs: inout [Double], _ k: Int) -> Double {
        var left = 0, right = xs.count - 1
        while right > left {
            let mid = left + (right - left) / 2
            // Median of three as the pivot, moved to `right`.
            if xs[mid] < xs[left] { xs.swapAt(mid, left) }
            if xs[right] < xs[left] { xs.swapAt(right, left) }
            if xs[mid] < xs[right] { xs.swapAt(mid, right) }
            let pivot = xs[right]
            var store = left
            for i in left..<right where xs[i] < pivot {
                xs.swapAt(i, store)
                store += 1
            }
            xs.swapAt(store, right)
            if store == k { return xs[k] }
            if store < k { left = store + 1 } else { right = store - 1 }
        }
        return xs[k]
    }
}
