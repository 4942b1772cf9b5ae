import Foundation

/// What `merge(from:)` did.
public struct MergeSummary: Sendable, Equatable {
    /// Runs copied (with all their rows).
    public var runs: Int
    /// `requests` rows copied.
    public var requests: Int
    /// Runs of the other file already present here (same id), left as they are.
    public var skippedRunIds: [String]
    /// Baselines copied (only names not already set here).
    public var baselines: Int
}

extension Database {
    /// Copies every run of the database at `otherPath` that this one lacks, with all its rows
    /// (`run_datasets`, `requests`, `run_prices`, `scores`), in one transaction.
    ///
    /// Run ids are UUIDs, so a run present in both files is the same run: it is skipped and listed in
    /// the summary. Copied runs record their provenance in `runs.merged_from` / `merged_at` (a run
    /// that was itself merged earlier keeps its original provenance). Baselines of the other file are
    /// copied when this file has no baseline of that name. The other file is only read.
    public func merge(from otherPath: String) throws -> MergeSummary {
        // Opening it on its own first gives the usual errors (missing, not a database, newer schema).
        let other = try Database.open(path: otherPath, readOnly: true)
        let theirVersion = other.fileSchemaVersion
        try other.close()
        let ownPath = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let theirPath = URL(fileURLWithPath: otherPath).resolvingSymlinksInPath().path
        if ownPath == theirPath {
            throw StoreError.invalidArgument("cannot merge \(otherPath) into itself")
        }
        return try withConnection { conn in
            let attach = try conn.prepare("ATTACH DATABASE ? AS merge_src")
            try attach.bind(otherPath, 1)
            do { try attach.run() } catch var error as DatabaseError { error.path = otherPath; throw error }
            defer { try? conn.execute("DETACH DATABASE merge_src") }
            return try conn.transaction { try Database.copyNewRuns(conn, otherPath: otherPath, theirVersion: theirVersion) }
        }
    }

    private static func copyNewRuns(_ conn: Connection, otherPath: String, theirVersion: Int) throws -> MergeSummary {
        try conn.execute("""
            CREATE TEMP TABLE merge_new_runs (id TEXT PRIMARY KEY);
            INSERT INTO temp.merge_new_runs SELECT id FROM merge_src.runs WHERE id NOT IN (SELECT id FROM main.runs);
            """)
        defer { try? conn.execute("DROP TABLE temp.merge_new_runs") }

        var skipped: [String] = []
        let present = try conn.prepare("SELECT id FROM merge_src.runs WHERE id IN (SELECT id FROM main.runs) ORDER BY started_at")
        while try present.step() { skipped.append(present.text(0)) }

        let shardColumns = ", started_wall_ns, shard_index, shard_count, run_group"
        let runColumns = runColumns + ", capped, notes" + (theirVersion >= Schema.shardsVersion ? shardColumns : "")
        let copyRuns = try conn.prepare("""
            INSERT INTO main.runs (\(runColumns), merged_from, merged_at)
            SELECT \(runColumns), coalesce(merged_from, ?), coalesce(merged_at, ?) FROM merge_src.runs
            WHERE id IN (SELECT id FROM temp.merge_new_runs) ORDER BY started_at, rowid
            """)
        try copyRuns.bind(otherPath, 1)
        try copyRuns.bind(nowISO8601(), 2)
        try copyRuns.run()
        let runs = conn.changes

        var requests = 0
        let tables: [(String, String, String)] = [
            ("run_datasets", "run_id, dataset, sha256, task, template_sha256",
             "run_id, dataset, sha256, " + (theirVersion >= Schema.datasetTaskAndTemplateVersion ? "task, template_sha256" : "NULL, NULL")),
            ("requests", RequestColumns.list, RequestColumns.selectList(schemaVersion: theirVersion)),
            ("run_prices", "run_id, model, entry_json, catalog_sha256, catalog_date",
             "run_id, model, entry_json, catalog_sha256, catalog_date"),
            ("scores", "run_id, request_index, attempt, metric, value", "run_id, request_index, attempt, metric, value"),
        ] + (theirVersion >= Schema.shardsVersion ? [
            ("run_shards", "run_id, shard_index, shard_run_id, request_offset, time_offset_ns, rows",
             "run_id, shard_index, shard_run_id, request_offset, time_offset_ns, rows"),
        ] : [])
        for (table, columns, select) in tables {
            try conn.execute("""
                INSERT INTO main.\(table) (\(columns)) SELECT \(select) FROM merge_src.\(table) \
                WHERE run_id IN (SELECT id FROM temp.merge_new_runs)
                """)
            if table == "requests" { requests = conn.changes }
        }

        try conn.execute("""
            INSERT INTO main.baselines (name, run_id, set_at)
            SELECT name, run_id, set_at FROM merge_src.baselines
            WHERE name NOT IN (SELECT name FROM main.baselines) AND run_id IN (SELECT id FROM main.runs)
            """)
        let baselines = conn.changes
        // The histories are unioned: every mark whose run this file now holds.
        let marks = theirVersion >= 3 ? "merge_src.baseline_marks" : "merge_src.baselines"
        try conn.execute("""
            INSERT INTO main.baseline_marks (name, run_id, set_at)
            SELECT s.name, s.run_id, s.set_at FROM \(marks) AS s WHERE s.run_id IN (SELECT id FROM main.runs)
            AND NOT EXISTS (SELECT 1 FROM main.baseline_marks AS m
                            WHERE m.name = s.name AND m.run_id = s.run_id AND m.set_at = s.set_at)
            """)
        return MergeSummary(runs: runs, requests: requests, skippedRunIds: skipped, baselines: baselines)
    }
}
