import Foundation
import LLMBenchCore
import Store

/// Finds a sweep's segments for the HTML report: `run --sweep` stores each segment as its own run
/// labelled `LABEL/DIM=V` (`Sweep`). A reference names a sweep when it is such a label's `LABEL`
/// (`report --run capacity`), or names one segment run (then its siblings are the sweep).
enum SweepSegments {
    static let dimensions = ["concurrency", "rate", "reasoning_effort"]

    /// `(base, dimension text)` of a segment label, e.g. `("capacity", "concurrency=4")`; nil otherwise.
    static func split(_ label: String) -> (base: String, segment: String)? {
        guard let slash = label.lastIndex(of: "/") else { return nil }
        let segment = String(label[label.index(after: slash)...])
        guard dimensions.contains(where: { segment.hasPrefix($0 + "=") }) else { return nil }
        return (String(label[..<slash]), segment)
    }

    /// The segments of the sweep `ref` names, oldest first, the newest run of each segment label;
    /// empty when `ref` names no sweep (a plain run).
    static func find(_ ref: String, in db: Database) throws -> [RunInfo] {
        let all = try db.runs()
        let base: String
        if let r = all.first(where: { $0.label == ref || $0.id == ref }) ?? (try? db.resolveRun(ref)) {
            guard let label = r.label, let s = split(label) else { return [] }
            base = s.base
        } else {
            base = ref
        }
        var newest: [String: RunInfo] = [:]
        for r in all { // newest first
            guard let label = r.label, let s = split(label), s.base == base, newest[label] == nil else { continue }
            newest[label] = r
        }
        return newest.values.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }
}
