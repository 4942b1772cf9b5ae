import Foundation
import LLMBenchCore

/// One scenario's results as a table: column names and rows of already-formatted cells, plus the
/// same figures as raw numbers for `--json` (measuring and formatting kept apart).
struct ResultTable: Sendable {
    var scenario: String
    var title: String
    var columns: [String]
    var rows: [[String]]
    /// One object per row, keyed by column name (snake_case with units), raw numbers.
    var json: [[String: Double]]
    /// Lines printed under the table (conditions, caveats).
    var notes: [String]

    /// A GitHub-flavoured Markdown table with its title and notes.
    var markdown: String {
        var out = "### \(title)\n\n"
        out += "| " + columns.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        for n in notes { out += "\n" + n + "\n" }
        return out
    }

    /// `{"scenario": …, "rows": [...], "notes": [...]}` with sorted keys.
    var jsonText: String {
        let object: [String: Any] = ["scenario": scenario, "rows": json, "notes": notes]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Number formatting for display only.
enum Fmt {
    static func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
    static func ms(_ ns: Int64, _ digits: Int = 3) -> String { f(Double(ns) / 1e6, digits) }
    static func mb(_ bytes: Int64?) -> String { bytes.map { f(Double($0) / 1_048_576, 1) } ?? "n/a" }
}

/// Percentiles of nanosecond samples, numpy's `linear` method (`LLMBenchCore.Percentile`).
struct Distribution {
    let sorted: [Double]
    init(_ values: [Int64]) { sorted = values.map(Double.init).sorted() }
    func p(_ q: Double) -> Double { Percentile.linear(sorted, q) ?? .nan }
    var max: Double { sorted.last ?? .nan }
    var min: Double { sorted.first ?? .nan }
    var count: Int { sorted.count }
}
