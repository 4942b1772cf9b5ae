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
                try conn.cached("INSERT OR REPLACE INTO baselines (name, run_id, set_at) VALUES (?, ?, ?)") { s in
                    try s.bind(name, 1)
                    try s.bind(runId, 2)
                    try s.bind(Database.nowISO8601(), 3)
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
    /// full run id, a baseline name, a label (the newest run with it), a unique id prefix of at least
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
        if let target = try baseline(name: reference) {
            guard let run = all.first(where: { $0.id == target }) else {
                throw StoreError.runNotFound(reference: reference, detail: "baseline \"\(reference)\" points at run \(target), which is not in \(path)")
            }
            return run
        }
        if let run = all.first(where: { $0.label == reference }) { return run }
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

    private func availableRunsText(_ all: [RunInfo]) throws -> String {
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

    static func nowISO8601() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
