/// A mergeable histogram of Doubles with buckets of relative width at most 2⁻¹⁰, for distributions
/// too large to keep every value.
///
/// A positive finite value v falls in bucket `v.bitPattern >> 42`: the 11 exponent bits and the top
/// 10 mantissa bits, so a bucket spans [2ᵉ·(1 + k/1024), 2ᵉ·(1 + (k+1)/1024)) and its midpoint is
/// within 2⁻¹¹ (0.049 %) of every value in it. Negative values are kept the same way by magnitude,
/// zeros and infinities apart; NaN is not counted. Counts are exact, so a rank always lands in the
/// right bucket: a quantile read here is the one numpy's `linear` method gives from the sorted values,
/// with each of the two order statistics it interpolates replaced by its bucket's midpoint (clamped
/// to the exact minimum and maximum), so it is within 0.05 % of the exact figure.
/// Memory is one `Int` per bucket between the smallest and largest bucket used (about 1,024 per
/// factor of two the values span: ~110 KB for ns latencies from 1 ms to 10 s).
struct LogHistogram: Sendable, Equatable {
    /// Dense counts of positive buckets `positiveBase ..< positiveBase + positive.count`.
    private var positive: [Int] = []
    private var positiveBase = 0
    /// The same for negative values, by magnitude.
    private var negative: [Int] = []
    private var negativeBase = 0
    private var zeros = 0
    private var positiveInfinities = 0
    private var negativeInfinities = 0
    private(set) var count = 0

    static let shift: UInt64 = 42

    static func bucket(_ magnitude: Double) -> Int { Int(truncatingIfNeeded: magnitude.bitPattern >> shift) }

    /// The midpoint of bucket `index` (a magnitude).
    static func midpoint(_ index: Int) -> Double {
        let lo = Double(bitPattern: UInt64(index) << shift)
        let hi = Double(bitPattern: UInt64(index + 1) << shift)
        return hi.isFinite ? lo + (hi - lo) / 2 : lo
    }

    @inline(__always)
    mutating func add(_ v: Double) {
        // The common case first: a positive finite value in a bucket already allocated.
        if v > 0 && v < .infinity {
            count += 1
            let i = Self.bucket(v) &- positiveBase
            if i >= 0 && i < positive.count { positive[i] += 1 } else { Self.bump(&positive, &positiveBase, Self.bucket(v)) }
            return
        }
        if v.isNaN { return }
        count += 1
        if v == 0 { zeros += 1; return }
        if v.isInfinite { if v > 0 { positiveInfinities += 1 } else { negativeInfinities += 1 }; return }
        Self.bump(&negative, &negativeBase, Self.bucket(-v))
    }

    /// The same as `add` of each of `values` in order, with the counts array checked for uniqueness
    /// once per run of values that fall in buckets already allocated (not once per value).
    mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        var start = 0
        while start < values.count {
            let base = positiveBase
            let stop: Int = positive.withUnsafeMutableBufferPointer { counts in
                var i = start
                while i < values.count {
                    let v = values[i]
                    guard v > 0 && v < .infinity else { break }
                    let j = Self.bucket(v) &- base
                    guard j >= 0 && j < counts.count else { break }
                    counts[j] += 1
                    i += 1
                }
                return i
            }
            count += stop - start
            if stop < values.count { add(values[stop]) }
            start = stop + 1
        }
    }

    private static func bump(_ counts: inout [Int], _ base: inout Int, _ index: Int, by c: Int = 1) {
        if counts.isEmpty { counts = [c]; base = index; return }
        if index < base {
            counts.insert(contentsOf: repeatElement(0, count: base - index), at: 0)
            base = index
        } else if index >= base + counts.count {
            counts.append(contentsOf: repeatElement(0, count: index - base - counts.count + 1))
        }
        counts[index - base] += c
    }

    /// Adds every count of `other`.
    mutating func merge(_ other: LogHistogram) {
        count += other.count; zeros += other.zeros
        positiveInfinities += other.positiveInfinities; negativeInfinities += other.negativeInfinities
        for (i, c) in other.positive.enumerated() where c > 0 { Self.bump(&positive, &positiveBase, other.positiveBase + i, by: c) }
        for (i, c) in other.negative.enumerated() where c > 0 { Self.bump(&negative, &negativeBase, other.negativeBase + i, by: c) }
    }

    /// The representative of the value of 0-based rank `rank` (ascending), not clamped.
    func value(atRank rank: Int) -> Double {
        var r = rank
        if r < negativeInfinities { return -.infinity }
        r -= negativeInfinities
        for i in stride(from: negative.count - 1, through: 0, by: -1) where negative[i] > 0 {
            if r < negative[i] { return -Self.midpoint(negativeBase + i) }
            r -= negative[i]
        }
        if r < zeros { return 0 }
        r -= zeros
        for i in positive.indices where positive[i] > 0 {
            if r < positive[i] { return Self.midpoint(positiveBase + i) }
            r -= positive[i]
        }
        return .infinity
    }

    /// The representatives of several ascending ranks in one pass.
    func values(atRanks ranks: [Int]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(ranks.count)
        var seen = 0
        var next = 0
        func emit(_ c: Int, _ v: Double) {
            while next < ranks.count && ranks[next] < seen + c { out.append(v); next += 1 }
            seen += c
        }
        emit(negativeInfinities, -.infinity)
        for i in stride(from: negative.count - 1, through: 0, by: -1) where negative[i] > 0 { emit(negative[i], -Self.midpoint(negativeBase + i)) }
        emit(zeros, 0)
        for i in positive.indices where positive[i] > 0 { emit(positive[i], Self.midpoint(positiveBase + i)) }
        emit(positiveInfinities, .infinity)
        while out.count < ranks.count { out.append(.infinity) }
        return out
    }
}
