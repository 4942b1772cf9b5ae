import LLMBenchCore

/// One distribution's values in one group, in the stored unit, as they stream in.
///
/// Up to `exactLimit` values every value is kept and the statistics are exact (`Statistic.of(sorted:)`
/// of the sorted display values, as they always were). Past that the values move into a
/// `LogHistogram`: count, minimum and maximum stay exact, the mean is Σ values / count (compensated
/// sum, in the stored unit, so it differs from the exact mean only by rounding), and each percentile
/// is within 0.05 % of the exact one. Memory is then bounded by the histogram (~100 KB) whatever
/// the number of values.
struct SampleColumn: Sendable {
    /// Values kept exactly per column (8 bytes each: 2 MiB per column at the limit).
    static let exactLimit = 262_144
    /// At most this many values per column are kept for `compare`'s bootstrap (the value at each of
    /// `bootstrapLimit` evenly spaced ranks when there are more).
    static let bootstrapLimit = 20_000

    private var exact: [Double] = []
    /// In use once `spilled` (kept non-optional so `add` mutates it in place, never a copy).
    private var sketch = LogHistogram()
    private var spilled = false
    /// Kahan-compensated Σ values (stored unit), exact min and max: kept only once the histogram is in use.
    private var running = Running()

    var count: Int { spilled ? sketch.count : exact.count }
    var isEmpty: Bool { count == 0 }
    /// True once the values no longer fit `exactLimit` (percentiles come from the histogram).
    var isApproximate: Bool { spilled }

    @inline(__always)
    mutating func append(_ v: Double) {
        if !spilled {
            exact.append(v)
            if exact.count > Self.exactLimit { spill() }
        } else if !v.isNaN {
            sketch.add(v)
            running.add(v)
        }
    }

    mutating func append<S: Sequence>(contentsOf values: S) where S.Element == Double {
        for v in values { append(v) }
    }

    /// The same as appending each of `values` in order (the same sums to the bit), with the running
    /// figures held in locals while the histogram takes them.
    mutating func append(contentsOf values: [Double]) {
        guard spilled else {
            for v in values { append(v) }
            return
        }
        values.withUnsafeBufferPointer { buffer in
            sketch.add(contentsOf: buffer)
            if !running.addExactIntegers(buffer) {
                var r = running
                for v in buffer where !v.isNaN { r.add(v) }
                running = r
            }
        }
    }

    /// Exact minimum and maximum and the Kahan-compensated Σ of the values given so far.
    private struct Running {
        var sum = 0.0, compensation = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity

        @inline(__always)
        mutating func add(_ v: Double) {
            if v < minimum { minimum = v }
            if v > maximum { maximum = v }
            let y = v - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }

        /// `add` of each of `values` when that is exact, and then the same to the bit: every value an
        /// integer, the compensation 0 and |sum| + Σ |v| ≤ 2⁵³, so each `sum + y` is exact and the
        /// compensation stays 0 (integer-valued ns gaps, summed in integers without the dependent
        /// chain of the compensated sum). False, changing nothing, otherwise (and for any NaN).
        @inline(__always)
        mutating func addExactIntegers(_ values: UnsafeBufferPointer<Double>) -> Bool {
            let limit = 9_007_199_254_740_992.0  // 2⁵³
            guard compensation == 0, abs(sum) <= limit else { return false }
            var total: Int64 = 0, magnitude: Int64 = 0
            var lo = minimum, hi = maximum
            var exact = true
            for v in values {
                // NaN and non-integers fail the first test, huge magnitudes the second.
                exact = exact && v == v.rounded(.towardZero) && abs(v) <= limit
                let i = exact ? Int64(v) : 0
                total &+= i
                magnitude &+= abs(i)
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            // Each |v| ≤ 2⁵³, so Σ |v| over fewer than 2¹⁰ values cannot wrap.
            guard exact, values.count < 1_024, abs(sum) + Double(magnitude) <= limit else { return false }
            sum += Double(total)
            minimum = lo
            maximum = hi
            return true
        }
    }

    private mutating func spill() {
        let values = exact
        exact = []
        spilled = true
        for v in values { add(v) }
    }

    @inline(__always)
    private mutating func add(_ v: Double) {
        guard !v.isNaN else { return }
        sketch.add(v)
        running.add(v)
    }

    /// The finished column in display units (`convert` maps a stored value to its display value).
    func summary(_ convert: (Double) -> Double) -> ColumnSummary {
        guard spilled else {
            let sorted = exact.sorted().map(convert)
            var stats: [Statistic: Double] = [:]
            for s in Statistic.allCases { if let v = s.of(sorted: sorted) { stats[s] = v } }
            return ColumnSummary(statistics: stats, display: Self.evenlySpaced(sorted), approximate: false)
        }
        let n = sketch.count
        var stats: [Statistic: Double] = [.count: Double(n)]
        guard n > 0 else { return ColumnSummary(statistics: stats, display: [], approximate: true) }
        let minimum = running.minimum, maximum = running.maximum
        func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, minimum), maximum) }
        stats[.min] = convert(minimum)
        stats[.max] = convert(maximum)
        stats[.mean] = convert(running.sum / Double(n))
        for s in Statistic.allCases {
            guard let q = s.quantile else { continue }
            let h = Double(n - 1) * q
            let lo = Swift.min(Int(h.rounded(.down)), n - 1), hi = Swift.min(lo + 1, n - 1)
            let t = h - Double(lo)
            let pair = sketch.values(atRanks: [lo, hi]).map { convert(clamp($0)) }
            let diff = pair[1] - pair[0]
            stats[s] = t >= 0.5 ? pair[1] - diff * (1 - t) : pair[0] + diff * t
        }
        let m = Swift.min(n, Self.bootstrapLimit)
        let ranks = (0..<m).map { Int((Double($0) + 0.5) * Double(n) / Double(m)) }
        let display = sketch.values(atRanks: ranks).map { convert(clamp($0)) }
        return ColumnSummary(statistics: stats, display: display, approximate: true)
    }

    /// `sorted` itself when it holds at most `bootstrapLimit` values, else the values at that many
    /// evenly spaced ranks ((i + ½) · n / limit).
    static func evenlySpaced(_ sorted: [Double]) -> [Double] {
        let n = sorted.count
        guard n > bootstrapLimit else { return sorted }
        return (0..<bootstrapLimit).map { sorted[Int((Double($0) + 0.5) * Double(n) / Double(bootstrapLimit))] }
    }
}

/// A finished `SampleColumn`: every statistic in display units, and the (bounded) sorted values the
/// bootstrap resamples.
struct ColumnSummary: Sendable {
    var statistics: [Statistic: Double]
    var display: [Double]
    /// True when the percentiles came from the histogram (within 0.05 %).
    var approximate: Bool

    /// The statistic, `nil` when there are no values (a count of none is 0).
    func value(_ s: Statistic) -> Double? { statistics[s] ?? (s == .count ? 0 : nil) }
}
