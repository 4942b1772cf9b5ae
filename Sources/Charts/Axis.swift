#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's log10 (Glibc/Darwin, not Foundation).
enum MathShim {
    static func log10(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.log10(x)
        #else
        return Darwin.log10(x)
        #endif
    }
}

/// How an axis maps values: linear, logarithmic (base 10), or chosen from the data (`auto`: log when every
/// value is positive and the largest is at least 100 times the smallest, i.e. the data span two decades).
public enum ScaleKind: Sendable, Equatable { case linear, log, auto }

/// One axis of a chart: its title, unit, scale and, optionally, a fixed domain (a CDF's 0…1).
public struct Axis: Sendable, Equatable {
    public var label: String
    /// Shown after the label in parentheses: `TTFT (ms)`; `nil` for a unitless axis.
    public var unit: String?
    public var kind: ScaleKind
    /// A fixed domain instead of one fitted to the data (ticks still at 1-2-5 multiples inside it).
    public var domain: ClosedRange<Double>?
    /// Linear axes of non-negative data start at 0 (a bar or latency read from zero); off for time axes.
    public var includeZero: Bool
    /// Ticks only at whole numbers (a count axis: never 0.5 failures).
    public var wholeNumbers: Bool = false

    public init(_ label: String, unit: String? = nil, kind: ScaleKind = .auto, domain: ClosedRange<Double>? = nil,
                includeZero: Bool = true, wholeNumbers: Bool = false) {
        self.label = label; self.unit = unit; self.kind = kind; self.domain = domain; self.includeZero = includeZero
        self.wholeNumbers = wholeNumbers
    }

    /// `label (unit)`, or the label alone.
    public var title: String { unit.map { "\(label) (\($0))" } ?? label }

    /// Whether `auto` picks a log scale for `values`: all positive and max/min ≥ 100.
    public static func spansDecades(_ values: [Double]) -> Bool {
        guard let lo = values.min(), let hi = values.max(), lo > 0 else { return false }
        return hi / lo >= 100
    }

    /// The scale of this axis over `values` onto pixels `from`→`to` (`to` < `from` for a vertical axis).
    public func scale(for values: [Double], from a: Double, to b: Double, tickTarget: Int = 5) -> Scale {
        let finite = values.filter(\.isFinite)
        let log = kind == .log ? finite.contains { $0 > 0 } : (kind == .auto && domain == nil && Axis.spansDecades(finite))
        if log {
            let pos = finite.filter { $0 > 0 }
            let t = Ticks.log(lo: domain?.lowerBound ?? pos.min()!, hi: domain?.upperBound ?? pos.max()!)
            return Scale(log: true, domain: t.domain, ticks: t.ticks, step: 0, pixels: (a, b))
        }
        if let d = domain {
            let s = Ticks.step(span: d.upperBound - d.lowerBound, target: tickTarget)
            let t = Ticks.linear(lo: d.lowerBound, hi: d.upperBound, target: tickTarget)
            return Scale(log: false, domain: d, ticks: t.ticks.filter { d.contains($0) }, step: s, pixels: (a, b))
        }
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if includeZero && lo > 0 { lo = 0 }
        if includeZero && hi < 0 { hi = 0 }
        if wholeNumbers && hi - lo < Double(tickTarget) { hi = lo + Double(tickTarget) } // steps of at least 1
        let t = Ticks.linear(lo: lo, hi: hi, target: tickTarget)
        return Scale(log: false, domain: t.domain, ticks: t.ticks, step: t.step, pixels: (a, b))
    }
}

/// A resolved axis: domain, ticks and the map from values to pixels.
public struct Scale: Sendable, Equatable {
    public var log: Bool
    public var domain: ClosedRange<Double>
    public var ticks: [Double]
    /// The linear tick step (0 on a log axis).
    public var step: Double
    public var pixels: (Double, Double)

    public static func == (l: Scale, r: Scale) -> Bool {
        l.log == r.log && l.domain == r.domain && l.ticks == r.ticks && l.step == r.step && l.pixels == r.pixels
    }

    /// The pixel of `v`: linear `a + (v − lo)/(hi − lo) · (b − a)`, log the same over log10; values
    /// outside the domain are clamped to its ends (a log axis clamps 0 and negatives to its lower end).
    public func map(_ v: Double) -> Double {
        let (a, b) = pixels
        let lo = domain.lowerBound, hi = domain.upperBound
        var t: Double
        if log {
            let lv = v > 0 ? log10(v) : log10(lo)
            t = (lv - log10(lo)) / (log10(hi) - log10(lo))
        } else {
            t = hi > lo ? (v - lo) / (hi - lo) : 0.5
        }
        if !t.isFinite { t = 0 }
        t = min(1, max(0, t))
        return a + t * (b - a)
    }

    /// The label of tick `v`: 1-2-5 decimals on a linear axis, the value itself on a log axis.
    public func label(_ v: Double) -> String {
        NumberText.tick(v, step: log ? v : step)
    }

    private func log10(_ x: Double) -> Double { MathShim.log10(x) }
}

