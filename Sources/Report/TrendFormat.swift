import Analysis
import LLMBenchCore

/// The output formats of `llmbench trend`: one file each, the same numbers in every one (HTML adds charts).
public enum TrendFormat: String, Sendable, CaseIterable {
    case markdown
    case csv
    case json
    case html

    /// Renders `trend`; `selection` says which runs were asked for (shown in the heading).
    public func render(_ trend: TrendAnalysis, selection: TrendSelection) -> String {
        switch self {
        case .markdown: return TrendMarkdown.render(trend, selection: selection)
        case .csv: return TrendCSV.render(trend)
        case .json: return TrendJSON.render(trend, selection: selection)
        case .html: return TrendHTML.render(trend, selection: selection)
        }
    }
}

/// Which runs a trend was asked for, as the user gave it.
public struct TrendSelection: Sendable, Equatable {
    /// `--label`, nil for every run.
    public var label: String?
    /// The database files, in the order given.
    public var databases: [String]

    public init(label: String?, databases: [String]) { self.label = label; self.databases = databases }

    /// `runs labelled nightly-* in nightly.sqlite`, `every run in a.sqlite and b.sqlite`.
    public var description: String {
        let files = databases.count <= 2 ? databases.joined(separator: " and ")
            : databases.dropLast().joined(separator: ", ") + " and " + databases.last!
        return (label.map { "runs labelled \($0)" } ?? "every run") + " in " + files
    }
}

/// Display helpers shared by the trend renderers (rounding only happens in `NumberFormatting`).
enum TrendText {
    /// `812.3 ms`, `0.0123 USD`; ratios, counts and scores without a unit.
    static func value(_ v: Double?, _ unit: MetricUnit) -> String {
        let text = NumberFormatting.display(v, unit: unit)
        guard v != nil, unit != .ratio, unit != .count, unit != .score else { return text }
        return "\(text) \(unit.rawValue)"
    }

    /// `400.1–520.9 ms`.
    static func band(_ b: TrendBand, _ unit: MetricUnit) -> String {
        NumberFormatting.display(b.lower, unit: unit) + "–" + value(b.upper, unit)
    }

    /// `2026-11-25 03:00` for a stored `2026-11-25T03:00:12.345Z`; other text unchanged.
    static func started(_ iso: String) -> String {
        let c = Array(iso)
        guard c.count >= 16, c[10] == "T" else { return iso }
        return String(c[0..<10]) + " " + String(c[11..<16])
    }

    /// The short answer every format opens with: the newest run's flags; else that it is within every
    /// band (or not judged yet) and the most recent flag before it. `code`, `strong` and `text` mark up
    /// names, the lead words and plain text (Markdown: backticks, `**`, escaping; HTML: none).
    static func headline(_ t: TrendAnalysis, code: (String) -> String, strong: (String) -> String,
                         text: (String) -> String) -> String {
        guard let latest = t.latestRun else { return "No runs." }
        let name = "\(code(latest.name)) (\(started(latest.run.startedAt)) UTC)"
        func flag(_ f: TrendFlagged) -> String {
            "\(text(f.series.model)) \(code(f.series.metric.name)) \(value(f.point.value, f.series.metric.unit)), " + flagPhrase(f)
        }
        let latestFlags = t.latestFlags
        if !latestFlags.isEmpty {
            return strong("Flagged in the latest run") + " \(name): " + latestFlags.map(flag).joined(separator: "; ") + "."
        }
        let judged = t.series.contains { $0.point(run: t.runs.count - 1)?.band != nil }
        var out = judged ? strong("The latest run") + " \(name) " + strong("is within its band on every model and metric.")
            : strong("The latest run") + " \(name) " + strong("is not judged yet")
                + ": fewer than \(t.rule.minimumHistory) runs before it have values."
        if let f = t.flags.first {
            let r = t.runs[f.point.run]
            out += " The most recent flag: \(code(r.name)) (\(started(r.run.startedAt)) UTC), " + flag(f) + "."
        }
        return out
    }

    /// `above its band 400.1–520.9 ms (worse)`.
    static func flagPhrase(_ f: TrendFlagged) -> String {
        let side = f.point.flag == .above ? "above" : "below"
        let worse = f.isWorse.map { $0 ? " (worse)" : " (better)" } ?? ""
        return "\(side) its band " + (f.point.band.map { band($0, f.series.metric.unit) } ?? "") + worse
    }
}
