import Analysis
import Foundation

/// The unit one column of a compare table is shown in: a label for the header, a scale from the
/// stored unit and the decimals. Costs read as µ$ when small (never `0.000000`), else $.
struct DisplayUnit: Equatable {
    var label: String
    /// Multiplies the value in the metric's unit (e.g. 1e6 for USD → µ$).
    var scale: Double
    var decimals: Int

    static let percent = DisplayUnit(label: "%", scale: 100, decimals: 1)

    /// The display unit of a column of `unit` values whose largest magnitude is `magnitude`:
    /// USD below one cent becomes µ$ (2 decimals), else $ (4 decimals); other units keep
    /// `NumberFormatting`'s decimals.
    static func column(_ unit: MetricUnit, magnitude: Double) -> DisplayUnit {
        if unit == .usd {
            return magnitude < 0.01 ? DisplayUnit(label: "µ$", scale: 1e6, decimals: 2) : DisplayUnit(label: "$", scale: 1, decimals: 4)
        }
        return DisplayUnit(label: unit.rawValue, scale: 1, decimals: NumberFormatting.decimals(for: unit))
    }

    func format(_ v: Double?) -> String {
        guard let v else { return NumberFormatting.noValue }
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let s = String(format: "%.\(decimals)f", v * scale)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// With a sign, e.g. `+12.5`.
    func signed(_ v: Double?) -> String {
        let s = format(v)
        guard let v, v.isFinite else { return s }
        return s.hasPrefix("-") || s == format(0) ? s : "+" + s
    }

    /// `[lo, hi]` with signs.
    func interval(_ i: Interval?) -> String {
        guard let i else { return NumberFormatting.noValue }
        return "[\(signed(i.lower)), \(signed(i.upper))]"
    }

    /// `[lo, hi]` with the unit: `[+44.7%, +56.0%]`, `[+0.0010, +0.0200] ratio`.
    func intervalWithUnit(_ i: Interval?) -> String {
        guard let i else { return NumberFormatting.noValue }
        if label == "%" { return "[\(signed(i.lower))%, \(signed(i.upper))%]" }
        return interval(i) + (label == MetricUnit.count.rawValue ? "" : " " + label)
    }

    /// A value with its unit, e.g. `+15%`, `+0.0100 ratio`, `+5.00 µ$`.
    func withUnit(_ v: Double) -> String { label == "%" ? signed(v) + "%" : signed(v) + " " + label }
}

extension MetricComparison {
    /// The unit this row's change and interval are shown in: % when judged relative, else the
    /// metric's own unit sized by the row's values.
    var changeUnit: DisplayUnit {
        judgedRelative ? .percent : DisplayUnit.column(definition.unit, magnitude: magnitude)
    }

    var magnitude: Double { [baseline, candidate].compactMap { $0 }.map(abs).max() ?? 0 }

    /// The interval the verdict read, in `changeUnit`.
    var judgedInterval: Interval? { judgedRelative ? relativeInterval : absoluteInterval }
    /// The change the verdict read, in `changeUnit` (relative or absolute).
    var judgedChange: Double? { judgedRelative ? relativeChange : change }

    /// The threshold as read, e.g. `≤ +15%` or `≥ -0.0200 score`.
    var thresholdText: String {
        guard let rule = gate ?? criterion else { return "—" }
        let sign = rule.bound == .atMost ? "≤ " : "≥ "
        if rule.relative { return sign + Gate.signedText(rule.threshold * 100) + "%" }
        return sign + DisplayUnit.column(definition.unit, magnitude: magnitude).withUnit(rule.threshold)
    }
}
