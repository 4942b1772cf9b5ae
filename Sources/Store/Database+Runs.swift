import Foundation
import LLMBenchCore

/// What a run row holds beyond `RunInfo`: the spending-cap flag, free notes, merge provenance.
public struct RunExtras: Sendable, Equatable {
    /// True when `--max-cost` stopped the run early.
    public var capped: Bool
    public var notes: String?
    /// The database file the run was merged from (`nil` when recorded in this file).
    public var mergedFrom: String?
    /// When it was merged, ISO 8601 UTC.
    public var mergedAt: String?
}

extension Database {
    static let runColumns = """
        id, started_at, finished_at, label, llmbench_version, git_commit, host, os, cpu_count, \
        curl_version, sqlite_version, simulated, settings_json, status, duration_ns
        """

    /// Records that the running run `id` is alive now (`runs.heartbeat_at`).
    public func heartbeat(runId id: String, at iso: String) throws {
        try withConnection { conn in
            try conn.cached("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'") { update in
                try update.bind(iso, 1)
                try update.bind(id, 2)
                try update.run()
            }
        }
    }

    /// Marks every run still `running` whose heartbeat (or start, without one) is older than
    /// `RunLiveness.staleAfterSeconds` at `now` as `failed`, with a note saying when it was last seen;
    /// returns their ids. A later `run` calls this, so a crash is recorded for good.
    @discardableResult
    public func markCrashedRuns(now: Date) throws -> [String] {
        var crashed: [(String, String)] = []
        for r in try fetchRuns(where: "status = 'running'", bindings: []) {
            if case .crashed(let seen) = r.liveness(now: now) { crashed.append((r.id, seen)) }
        }
        for (id, seen) in crashed {
            try updateRun(id: id, status: .failed,
                          notes: "crashed: the process stopped without finishing (last seen \(seen)); its stored requests are kept")
        }
        return crashed.map(\.0)
    }

    /// Inserts a run and its dataset hashes (one transaction). The id must be new.
    public func insertRun(_ run: RunInfo) throws {
        try withConnection { conn in
            try conn.transaction {
                try conn.cached("INSERT INTO runs (\(Database.runColumns), heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") { insert in
                    try insert.bind(run.id, 1)
                    try insert.bind(run.startedAt, 2)
                    try insert.bind(run.finishedAt, 3)
                    try insert.bind(run.label, 4)
                    try insert.bind(run.llmbenchVersion, 5)
                    try insert.bind(run.gitCommit, 6)
                    try insert.bind(run.host, 7)
                    try insert.bind(run.os, 8)
                    try insert.bind(run.cpuCount, 9)
                    try insert.bind(run.curlVersion, 10)
                    try insert.bind(run.sqliteVersion, 11)
                    try insert.bind(run.simulated, 12)
                    try insert.bind(run.settingsJSON, 13)
                    try insert.bind(run.status.rawValue, 14)
                    try insert.bind(run.durationNs, 15)
                    try insert.bind(run.heartbeatAt, 16)
                    try insert.run()
                }
                try conn.cached("UPDATE runs SET started_wall_ns = ?, shard_index = ?, shard_count = ?, run_group = ? WHERE id = ?") { shard in
                    try shard.bind(run.startedWallNs, 1)
                    try shard.bind(run.shard.map { Int64($0.index) }, 2)
                    try shard.bind((run.shard?.count ?? run.shardCount).map(Int64.init), 3)
                    try shard.bind(run.runGroup, 4)
                    try shard.bind(run.id, 5)
                    try shard.run()
                }
                try conn.cached("INSERT INTO run_datasets (run_id, dataset, sha256, task, template_sha256) VALUES (?,?,?,?,?)") { dataset in
                    for (name, hash) in run.datasetHashes.sorted(by: { $0.key < $1.key }) {
                        dataset.reset()
                        try dataset.bind(run.id, 1)
                        try dataset.bind(name, 2)
                        try dataset.bind(hash, 3)
                        try dataset.bind(run.datasetTasks[name], 4)
                        try dataset.bind(run.templateHashes[name], 5)
                        try dataset.run()
                    }
                }
            }
        }
    }

    /// Sets a run's status and, for each argument that is not nil, that column (nil leaves it as is).
    /// Throws `StoreError.runNotFound` when no run has this id.
    public func updateRun(id: String, status: RunStatus, finishedAt: String? = nil, durationNs: Int64? = nil,
                          capped: Bool? = nil, notes: String? = nil, simulated: Bool? = nil) throws {
        try withConnection { conn in
            try conn.cached("""
                UPDATE runs SET status = ?, finished_at = coalesce(?, finished_at), duration_ns = coalesce(?, duration_ns), \
                capped = coalesce(?, capped), notes = coalesce(?, notes), simulated = coalesce(?, simulated) WHERE id = ?
                """) { update in
                try update.bind(status.rawValue, 1)
                try update.bind(finishedAt, 2)
                try update.bind(durationNs, 3)
                try update.bind(capped.map { $0 ? 1 : 0 }, 4)
                try update.bind(notes, 5)
                try update.bind(simulated.map { $0 ? 1 : 0 }, 6)
                try update.bind(id, 7)
                try update.run()
            }
            if conn.changes == 0 { throw StoreError.runNotFound(reference: id, detail: "no run has this id") }
        }
    }

    /// Every run, newest first (by `started_at`, then by insertion); a shard that `merge` put into a
    /// group run is left out (its group run stands for it; `run(id:)` still finds it).
    public func runs() throws -> [RunInfo] {
        try fetchRuns(where: fileSchemaVersion >= Schema.shardsVersion ? "id NOT IN (SELECT shard_run_id FROM run_shards)" : nil,
                      bindings: [])
    }

    /// Every run, merged shards included, newest first.
    public func allRuns() throws -> [RunInfo] {
        try fetchRuns(where: nil, bindings: [])
    }

    /// The run with exactly this id, or nil.
    public func run(id: String) throws -> RunInfo? {
        try fetchRuns(where: "id = ?", bindings: [id]).first
    }

    /// The columns of a run that `RunInfo` does not hold, or nil when no run has this id.
    public func runExtras(id: String) throws -> RunExtras? {
        try withConnection { conn in
            try conn.cached("SELECT capped, notes, merged_from, merged_at FROM runs WHERE id = ?") { query in
                try query.bind(id, 1)
                guard try query.step() else { return nil }
                return RunExtras(capped: query.int64(0) != 0, notes: query.optionalText(1),
                                 mergedFrom: query.optionalText(2), mergedAt: query.optionalText(3))
            }
        }
    }

    func fetchRuns(where condition: String?, bindings: [String]) throws -> [RunInfo] {
        try withConnection { conn in
            var hashes: [String: [String: String]] = [:]
            var tasks: [String: [String: String]] = [:]
            var templates: [String: [String: String]] = [:]
            let extra = fileSchemaVersion >= Schema.datasetTaskAndTemplateVersion ? "task, template_sha256" : "NULL, NULL"
            let datasets = try conn.prepare(
                "SELECT run_id, dataset, sha256, \(extra) FROM run_datasets" + (condition == nil ? "" : " WHERE run_id IN (SELECT id FROM runs WHERE \(condition!))"))
            for (index, value) in bindings.enumerated() { try datasets.bind(value, Int32(index + 1)) }
            while try datasets.step() {
                let run = datasets.text(0), name = datasets.text(1)
                hashes[run, default: [:]][name] = datasets.text(2)
                if let task = datasets.optionalText(3) { tasks[run, default: [:]][name] = task }
                if let template = datasets.optionalText(4) { templates[run, default: [:]][name] = template }
            }
            let heartbeat = fileSchemaVersion >= 2 ? "heartbeat_at" : "NULL"
            let shards = fileSchemaVersion >= Schema.shardsVersion ? "started_wall_ns, shard_index, shard_count, run_group" : "NULL, NULL, NULL, NULL"
            let query = try conn.prepare(
                "SELECT \(Database.runColumns), \(heartbeat), \(shards) FROM runs" + (condition.map { " WHERE \($0)" } ?? "")
                    + " ORDER BY started_at DESC, rowid DESC")
            for (index, value) in bindings.enumerated() { try query.bind(value, Int32(index + 1)) }
            var result: [RunInfo] = []
            while try query.step() {
                let id = query.text(0)
                let statusText = query.text(13)
                guard let status = RunStatus(rawValue: statusText) else {
                    throw StoreError.invalidValue(column: "runs.status", value: statusText, row: "run \(id)")
                }
                var info = RunInfo(
                    id: id, startedAt: query.text(1), finishedAt: query.optionalText(2), label: query.optionalText(3),
                    llmbenchVersion: query.text(4), gitCommit: query.optionalText(5), host: query.text(6),
                    os: query.text(7), cpuCount: query.int(8), curlVersion: query.text(9),
                    sqliteVersion: query.text(10), simulated: query.int64(11) != 0, settingsJSON: query.text(12),
                    datasetHashes: hashes[id] ?? [:], status: status, durationNs: query.optionalInt64(14),
                    heartbeatAt: query.optionalText(15))
                info.datasetTasks = tasks[id] ?? [:]
                info.templateHashes = templates[id] ?? [:]
                info.startedWallNs = query.optionalInt64(16)
                info.shardCount = query.optionalInt64(18).map { Int($0) }
                if let i = query.optionalInt64(17), let n = info.shardCount {
                    guard let shard = try? Shard(index: Int(i), count: n) else {
                        throw StoreError.invalidValue(column: "runs.shard_index", value: "\(i)/\(n)", row: "run \(id)")
                    }
                    info.shard = shard
                }
                info.runGroup = query.optionalText(19)
                result.append(info)
            }
            return result
        }
    }
}
