import LLMBenchCore

/// An amount of US dollars in integer pico-dollars (1 $ = 10^12 pico-dollars).
///
/// A price of one micro-dollar per million tokens is exactly one pico-dollar per token, so a
/// request's cost is `Σ tokens × price` with no rounding. `Int64` holds ±9,223,372 $.
public typealias PicoDollars = Int64

/// Integer arithmetic on money with one documented rounding rule: half away from zero.
public enum MoneyMath {
    /// Pico-dollars in one dollar.
    public static let picosPerDollar: Int64 = 1_000_000_000_000
    /// Pico-dollars in one micro-dollar.
    public static let picosPerMicro: Int64 = 1_000_000
    /// Nanoseconds in one hour.
    public static let nanosecondsPerHour: Int64 = 3_600_000_000_000

    /// `a × b / c` computed on 128 bits and rounded half away from zero; `nil` when `c` is zero or the
    /// result does not fit in `Int64`.
    public static func mulDivRounded(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
        guard c != 0 else { return nil }
        let negative = (a < 0) != (b < 0) && a != 0 && b != 0
        let negResult = negative != (c < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = c.magnitude
        guard product.high < divisor else { return nil }
        let (q, r) = divisor.dividingFullWidth(product)
        // Round half away from zero on magnitudes: bump when 2r ≥ divisor.
        let (twice, overflow) = r.multipliedReportingOverflow(by: 2)
        let bump: UInt64 = (overflow || twice >= divisor) ? 1 : 0
        let (mag, over2) = q.addingReportingOverflow(bump)
        guard !over2 else { return nil }
        if negResult {
            guard mag <= UInt64(Int64.max) + 1 else { return nil }
            return mag == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mag)
        }
        guard mag <= UInt64(Int64.max) else { return nil }
        return Int64(mag)
    }

    /// `tokens × price` pico-dollars, `nil` when it does not fit in `Int64`.
    public static func product(_ tokens: Int, _ price: Int64) -> Int64? {
        let (v, overflow) = Int64(tokens).multipliedReportingOverflow(by: price)
        return overflow ? nil : v
    }

    /// The sum, `nil` when it does not fit in `Int64`.
    public static func sum(_ values: [Int64]) -> Int64? {
        var total: Int64 = 0
        for v in values {
            let (t, overflow) = total.addingReportingOverflow(v)
            if overflow { return nil }
            total = t
        }
        return total
    }

    /// `a + b` clamped to `Int64`'s range (for totals: a clamped total is flagged by its caller).
    public static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (t, overflow) = a.addingReportingOverflow(b)
        if !overflow { return t }
        return b > 0 ? Int64.max : Int64.min
    }

    /// `a / b` rounded half away from zero (`nil` when `b` is zero).
    public static func divRounded(_ a: Int64, _ b: Int64) -> Int64? { mulDivRounded(a, 1, b) }

    /// Rounds a `Double` half away from zero to `Int64`; `nil` when not finite or out of range.
    public static func roundedInt64(_ value: Double) -> Int64? {
        guard value.isFinite else { return nil }
        let r = value.rounded(.toNearestOrAwayFromZero)
        guard r >= -9.2e18, r <= 9.2e18 else { return nil }
        return Int64(r)
    }

    /// Pico-dollars as a `Double` number of dollars (display only: loses exactness above 2^53 pico).
    public static func dollars(_ p: PicoDollars) -> Double { Double(p) / 1e12 }
}

/// How money is written for people: dollars with enough decimals to show three significant digits.
public enum MoneyFormat {
    /// Formats pico-dollars as `$1.23`, `$0.000150`, `-$2.50`, `$1,605.50`.
    ///
    /// Rule: at least 2 decimals; more (up to 12, i.e. one pico-dollar) until three significant digits
    /// show; the last shown digit is rounded half away from zero. Exact: integer arithmetic only.
    public static func dollars(_ p: PicoDollars) -> String {
        let negative = p < 0
        let mag = p.magnitude
        let perDollar = UInt64(MoneyMath.picosPerDollar)
        let whole = mag / perDollar
        let frac = mag % perDollar
        var decimals = 2
        if whole == 0 && frac > 0 {
            // Position of the first significant fractional digit (1-based), then two more.
            var firstDigit = 1
            var scale = perDollar / 10
            while scale > 0 && frac < scale { firstDigit += 1; scale /= 10 }
            decimals = min(12, max(2, firstDigit + 2))
        }
        let unit = pow10(12 - decimals)
        var scaled = mag / unit
        if (mag % unit) * 2 >= unit && unit > 1 { scaled += 1 }
        let divisor = pow10(decimals)
        let w = scaled / divisor
        let f = scaled % divisor
        var fracText = String(f)
        while fracText.count < decimals { fracText = "0" + fracText }
        return (negative && scaled > 0 ? "-$" : "$") + HumanNumbers.grouped(String(w)) + "." + fracText
    }

    /// Micro-dollars per million tokens as dollars per million tokens, e.g. `150000` → `$0.15`.
    public static func perMillionTokens(_ micros: Int64) -> String {
        dollars(micros * MoneyMath.picosPerMicro)
    }

    /// A `Double` in pico-dollars (a mean, a percentile), rounded to the pico-dollar, then formatted.
    public static func dollars(picos: Double) -> String {
        guard let p = MoneyMath.roundedInt64(picos) else { return "n/a" }
        return dollars(p)
    }

    private static func pow10(_ n: Int) -> UInt64 {
        var r: UInt64 = 1
        for _ in 0..<max(0, n) { r *= 10 }
        return r
    }
}
