import Foundation
import LLMBenchCore

/// A named run that `compare` uses as its reference (e.g. `last-good`).
public struct Baseline: Sendable, Equatable {
    public var name: String
    public var runId: String
    /// When the name was last pointed at this run, ISO 8601 UTC.
    public var setAt: String
}

extension Database {
    /// Points baseline `name` at run `runId` (a full id), replacing any earlier target.
    public func setBaseline(name: String, runId: String) throws {
        guard !name.isEmpty, name != "latest" else {
            throw StoreError.invalidArgument("a baseline name must be non-empty and not \"latest\" (got \"\(name)\")")
        }
        try withConnection { conn in
            try conn.transaction {
                let exists = try conn.cached("SELECT 1 FROM runs WHERE id = ?") { s in
                    try s.bind(runId, 1)
                    return try s.step()
                }
                guard exists else {
                    throw StoreError.runNotFound(reference: runId, detail: "a baseline needs the full id of a run in \(path)")
                }
                let now = Database.nowISO8601()
                try conn.cached("INSERT OR REPLACE INTO baselines (name, run_id, set_at) VALUES (?, ?, ?)") { s in
                    try s.bind(name, 1)
                    try s.bind(runId, 2)
                    try s.bind(now, 3)
                    try s.run()
                }
                try conn.cached("INSERT INTO baseline_marks (name, run_id, set_at) VALUES (?, ?, ?)") { s in
                    try s.bind(name, 1)
                    try s.bind(runId, 2)
                    try s.bind(now, 3)
                    try s.run()
                }
            }
        }
    }

    /// The run id baseline `name` points at, or nil when there is no such baseline.
    public func baseline(name: String) throws -> String? {
        try withConnection { conn in
            try conn.cached("SELECT run_id FROM baselines WHERE name = ?") { s in
                try s.bind(name, 1)
                return try s.step() ? s.text(0) : nil
            }
        }
    }

    /// Every mark of baseline `name`, newest first (the runs it pointed at, each time it was set). A
    /// file older than schema version 3 kept no history: its one current target is the only mark.
    public func baselineHistory(name: String) throws -> [Baseline] {
        try withConnection { conn in
            let table = fileSchemaVersion >= 3 ? "baseline_marks" : "baselines"
            // Newest first; marks set within one millisecond keep the order they were made in.
            let query = try conn.prepare("SELECT name, run_id, set_at FROM \(table) WHERE name = ? ORDER BY set_at DESC, rowid DESC")
            try query.bind(name, 1)
            var result: [Baseline] = []
            while try query.step() { result.append(Baseline(name: query.text(0), runId: query.text(1), setAt: query.text(2))) }
            return result
        }
    }

    /// The runs a baseline reference names, newest first:
    /// - `NAME~K`: the last K distinct runs baseline `NAME` was pointed at (`last-good~7`);
    /// - `PATTERN~Nd` (or `~Nh`): every run whose label matches the glob `PATTERN` (`*`, `?`) started
    ///   within N days (hours) before `now` (`'nightly-*'~14d`);
    /// - `PATTERN~K` with no baseline of that name: the newest K runs whose label matches;
    /// - anything else: the one run `resolveRun` finds.
    /// Throws `runNotFound` when nothing matches, and `invalidArgument` for a malformed window.
    public func resolveRuns(_ reference: String, now: Date = Date()) throws -> [RunInfo] {
        guard let tilde = reference.lastIndex(of: "~") else { return [try resolveRun(reference)] }
        let base = String(reference[..<tilde])
        let window = String(reference[reference.index(after: tilde)...])
        guard !base.isEmpty, let spec = RunWindow(window) else {
            throw StoreError.invalidArgument("\"\(reference)\": expected NAME~K (the last K runs marked NAME) or "
                + "LABEL-PATTERN~Nd / ~Nh / ~K, e.g. last-good~7 or 'nightly-*'~14d")
        }
        let all = try runs()
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var picked: [RunInfo] = []
        if case .count(let k) = spec, try baseline(name: base) != nil {
            var seen = Set<String>()
            for mark in try baselineHistory(name: base) where !seen.contains(mark.runId) {
                seen.insert(mark.runId)
                if let r = byId[mark.runId] { picked.append(r) }
                if picked.count == k { break }
            }
        } else {
            let matching = Database.runs(all, labelMatching: base)
            switch spec {
            case .count(let k): picked = Array(matching.prefix(k))
            case .seconds(let s):
                picked = matching.filter { r in
                    guard let started = RunLiveness.date(r.startedAt) else { return false }
                    return now.timeIntervalSince(started) <= s
                }
            }
        }
        guard !picked.isEmpty else {
            throw StoreError.runNotFound(reference: reference, detail: "no baseline marks or labelled runs match; "
                + (try availableRunsText(all)))
        }
        return picked
    }

    /// Every run whose label matches the glob `pattern` (`*` any run of characters, `?` one
    /// character, everything else literal; the pattern syntax of `resolveRuns`), newest first.
    /// Empty when none matches (not an error: the caller says what that means).
    public func runs(labelMatching pattern: String) throws -> [RunInfo] {
        Database.runs(try runs(), labelMatching: pattern)
    }

    /// The runs of `all` whose label matches the glob `pattern`, in their order.
    static func runs(_ all: [RunInfo], labelMatching pattern: String) -> [RunInfo] {
        all.filter { r in r.label.map { glob(pattern, matches: $0) } ?? false }
    }

    /// Every mark of every baseline set now, newest first: the runs each name points or pointed
    /// at (a file older than schema version 3 kept no history: its current targets only).
    public func baselineMarks() throws -> [Baseline] {
        try baselines().flatMap { try baselineHistory(name: $0.name) }.sorted { $0.setAt > $1.setAt }
    }

    /// `*` any run of characters, `?` one character; everything else literal.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: t.count + 1), count: p.count + 1)
        func m(_ i: Int, _ j: Int) -> Bool {
            if let v = memo[i][j] { return v }
            let v: Bool
            if i == p.count { v = j == t.count }
            else if p[i] == "*" { v = m(i + 1, j) || (j < t.count && m(i, j + 1)) }
            else { v = j < t.count && (p[i] == "?" || p[i] == t[j]) && m(i + 1, j + 1) }
            memo[i][j] = v
            return v
        }
        return m(0, 0)
    }

    /// Every baseline, by name.
    public func baselines() throws -> [Baseline] {
        try withConnection { conn in
            let query = try conn.prepare("SELECT name, run_id, set_at FROM baselines ORDER BY name")
            var result: [Baseline] = []
            while try query.step() { result.append(Baseline(name: query.text(0), runId: query.text(1), setAt: query.text(2))) }
            return result
        }
    }

    /// The shortest id prefix `resolveRun` accepts.
    public static let minimumIdPrefix = 8

    /// Finds the run a user means by `reference`, tried in this order: `latest` (the newest run), a
    /// full run id, a baseline name, a label (the newest run with it), a run group id (its group run), a unique id prefix of at least
    /// `minimumIdPrefix` characters. The error lists the runs and baselines that exist.
    public func resolveRun(_ reference: String) throws -> RunInfo {
        let all = try runs()
        if reference == "latest" {
            guard let newest = all.first else {
                throw StoreError.runNotFound(reference: reference, detail: "\(path) holds no runs yet")
            }
            return newest
        }
        if let run = all.first(where: { $0.id == reference }) { return run }
        if let shard = try run(id: reference) { return shard }   // a shard held by a merged group run
        if let target = try baseline(name: reference) {
            guard let run = all.first(where: { $0.id == target }) else {
                throw StoreError.runNotFound(reference: reference, detail: "baseline \"\(reference)\" points at run \(target), which is not in \(path)")
            }
            return run
        }
        if let run = all.first(where: { $0.label == reference }) { return run }
        if let run = all.first(where: { $0.isMergedGroup && $0.runGroup == reference }) { return run }
        if reference.count >= Database.minimumIdPrefix {
            let matches = all.filter { $0.id.hasPrefix(reference) }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                throw StoreError.runNotFound(reference: reference, detail: "the prefix is ambiguous; it starts "
                    + matches.map { Database.summary($0) }.joined(separator: "; ") + ". Give more characters")
            }
        }
        throw StoreError.runNotFound(reference: reference, detail: try availableRunsText(all))
    }

    func availableRunsText(_ all: [RunInfo]) throws -> String {
        var text = "give `latest`, a run id (or its first \(Database.minimumIdPrefix)+ characters), a label or a baseline name."
        if all.isEmpty {
            text += " \(path) holds no runs yet."
        } else {
            let shown = all.prefix(10)
            text += " Runs in \(path), newest first: " + shown.map { Database.summary($0) }.joined(separator: "; ")
            if all.count > shown.count { text += "; … and \(all.count - shown.count) older" }
            text += "."
        }
        let names = try baselines()
        text += names.isEmpty ? " No baselines are set." : " Baselines: " + names.map { "\($0.name) → \($0.runId.prefix(8))" }.joined(separator: ", ") + "."
        return text
    }

    static func summary(_ run: RunInfo) -> String {
        var text = "\(run.id.prefix(8)) (\(run.startedAt), \(run.status.rawValue)"
        if let label = run.label { text += ", label \(label)" }
        return text + ")"
    }

    /// Now, ISO 8601 UTC with milliseconds (so marks set within one second keep their order).
    static func nowISO8601() -> String { UTCTimestamp.now() }
}

/// The window of a multi-run baseline reference: a count of runs, or a span of time.
enum RunWindow: Equatable {
    case count(Int)
    case seconds(Double)

    /// `7` (runs), `14d` (days), `36h` (hours); `nil` for anything else.
    init?(_ text: String) {
        if let k = Int(text), k >= 1, k <= 10_000 { self = .count(k); return }
        guard let unit = text.last, let n = Double(text.dropLast()), n > 0, n <= 3650 else { return nil }
        switch unit {
        case "d": self = .seconds(n * 86_400)
        case "h": self = .seconds(n * 3_600)
        default: return nil
        }
    }
}
