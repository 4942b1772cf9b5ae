extension Int64 {
    /// The largest magnitude `init(saturating:)` returns: 2⁶² ns, about 146 years. Sums of two such
    /// values still fit, so times computed from outside numbers never trap.
    public static let saturationLimit: Int64 = 1 << 62

    /// `d` rounded to the nearest integer and clamped to ±`saturationLimit` (NaN is 0): for turning
    /// a computed time (a rate's gap, a scaled duration) into nanoseconds without a trap.
    public init(saturating d: Double) {
        guard !d.isNaN else { self = 0; return }
        let limit = Double(Int64.saturationLimit)
        self = Int64(Swift.min(Swift.max(d.rounded(), -limit), limit))
    }

    /// `self + other`, clamped to ±`saturationLimit`.
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? Int64.saturationLimit : -Int64.saturationLimit }
        return Swift.min(Swift.max(sum, -Int64.saturationLimit), Int64.saturationLimit)
    }
}
