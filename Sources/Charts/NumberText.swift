/// Deterministic number text for charts (no locale, no `String(format:)`): the same value gives the
/// same bytes on every machine, so tests can compare labels and coordinates exactly.
public enum NumberText {
    /// `v` rounded half away from zero to `decimals` places, trailing zeros of the fraction dropped:
    /// `trimmed(344.0, 1) == "344"`, `trimmed(0.25, 2) == "0.25"`, `trimmed(-0.04, 1) == "0"`.
    public static func trimmed(_ v: Double, _ decimals: Int) -> String {
        let s = fixed(v, decimals)
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    /// `v` with exactly `decimals` places (0...9), rounded half away from zero; "-0" never appears.
    /// Values whose scaled magnitude exceeds 2^53 fall back to Swift's shortest representation.
    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let d = max(0, min(9, decimals))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9_007_199_254_740_992 else { return "\(v)" }
        let n = Int64(scaled)
        var digits = String(n)
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return (v < 0 && n != 0 ? "-" : "") + digits
    }

    /// A short label for a tick whose step is `step`: as many decimals as the step needs, and from
    /// 10,000 up a suffix (`25k`, `1.5M`, `2G`): `tick(0.2, step: 0.2) == "0.2"`, `tick(25000, step: 5000) == "25k"`.
    public static func tick(_ v: Double, step: Double) -> String {
        let m = abs(v)
        for (div, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where m >= 1e4 && m >= div {
            return trimmed(v / div, decimalsFor(step: step / div)) + suffix
        }
        return trimmed(v, decimalsFor(step: step))
    }

    /// Decimals needed to tell apart multiples of `step` (a 1-2-5 step): 0 for steps ≥ 1, 1 for 0.5 or 0.2, 2 for 0.05.
    public static func decimalsFor(step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var d = 0, s = step
        while s < 0.999_999 && d < 9 { s *= 10; d += 1 }
        return d
    }

    /// A value for a data table: four significant digits (`1234`, `12.35`, `0.001235`), integers as integers.
    public static func significant(_ v: Double, _ digits: Int = 4) -> String {
        guard v.isFinite else { return fixed(v, 0) }
        if v == v.rounded(), abs(v) < 1e15 { return fixed(v, 0) }
        let m = abs(v)
        var d = digits - 1
        var p = 1.0
        while p * 10 <= m && d > 0 { p *= 10; d -= 1 }
        var q = 1.0
        while m < q && m > 0 && d < 9 { q /= 10; d += 1 }
        return trimmed(v, d)
    }

    /// A plotted coordinate (pixels): one decimal, trailing ".0" dropped.
    public static func coordinate(_ v: Double) -> String { trimmed(v, 1) }
}
