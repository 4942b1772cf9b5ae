import Analysis
import Foundation
import LLMBenchCore

/// How numbers look in reports: the only place values are rounded for display.
public enum NumberFormatting {
    /// What a missing value ("no value": the metric does not apply) looks like for a human.
    public static let noValue = "—"

    /// Decimals shown per unit: ms, tokens and tokens/s 1; s and req/s 2; ratios and scores 4;
    /// dollars 6; counts none; unknown units 4.
    public static func decimals(for unit: MetricUnit) -> Int {
        switch unit {
        case .count: return 0
        case .ms, .tokens, .tokensPerSecond: return 1
        case .seconds, .requestsPerSecond: return 2
        case .usd: return 6
        default: return 4
        }
    }

    /// Decimals shown for `value` in `unit`: `decimals(for:)`, fewer as the value grows so that
    /// digits past the third or fourth significant one are not shown: ms, tokens and tokens/s none
    /// from 1,000; s and req/s 1 from 100 and none from 1,000.
    public static func decimals(for unit: MetricUnit, value: Double) -> Int {
        let base = decimals(for: unit), m = abs(value)
        switch unit {
        case .ms, .tokens, .tokensPerSecond: return m >= 999.95 ? 0 : base
        case .seconds, .requestsPerSecond: return m >= 999.5 ? 0 : (m >= 99.995 ? 1 : base)
        default: return base
        }
    }

    /// A value for a human (Markdown): decimals by unit and size (`decimals(for:value:)`), the
    /// integer part grouped by thousands (`1,048,576`), `—` for no value.
    public static func display(_ value: Double?, unit: MetricUnit) -> String {
        guard let v = value else { return noValue }
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
        let s = String(format: "%.\(decimals(for: unit, value: v))f", v)
        // "-0.0" after rounding a tiny negative reads as a sign error: show it unsigned.
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return HumanNumbers.grouped(s)
    }

    /// `value` with exactly `decimals` decimals, the integer part grouped by thousands (scores,
    /// whose decimals do not shrink with size: EM 80.00 and 100.00 in one row).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        return HumanNumbers.grouped(String(format: "%.\(decimals)f", value))
    }

    /// A value for a machine (CSV, JSON): integers without a fraction, others the shortest text that
    /// reads back as the same Double; `nil` for no value or a non-finite number.
    public static func machine(_ value: Double?) -> String? {
        guard let v = value, v.isFinite else { return nil }
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 { return String(Int64(v)) }
        return "\(v)"
    }
}
