import Foundation
import LLMBenchCore

/// What `combineRunGroups()` did with one run group (`--run-group`).
public struct RunGroupMerge: Sendable, Equatable {
    public var group: String
    /// N of `--shard I/N`.
    public var shardCount: Int
    /// The group run (all kept shards as one run); nil when shards are missing or disagree.
    public var runId: String?
    /// Shard index → the shard run kept, in shard order.
    public var kept: [Int: String]
    /// Shard runs left out because another run of the same shard was more complete (a retried pod).
    public var dropped: [DroppedShard]
    /// Shard indices no run of the group has.
    public var missing: [Int]
    /// Request rows of the group run (every attempt of every kept shard).
    public var requests: Int
    /// True when the group run already held exactly the kept shards (nothing was rebuilt).
    public var unchanged: Bool
    /// Why the group was not put together, when it was not.
    public var problem: String?

    public struct DroppedShard: Sendable, Equatable {
        public var shard: Int
        public var runId: String
        public var keptRunId: String
        public var why: String
    }
}

extension Database {
    /// Puts every run group whose shards are all present in this file together as one run (the
    /// group run), so every report, comparison and baseline reads the group as one run.
    ///
    /// - Shard choice: when a shard index has several runs (a retried pod), the complete one is kept:
    ///   `completed` before any other status, then the fewest `not_sent` and `cancelled` rows, then
    ///   the latest start; the others are listed as dropped.
    /// - Rows: each kept shard's requests and scores, request indices offset so they stay distinct
    ///   (shard order), times moved onto one time line: shard i's run-clock time t becomes
    ///   `started_wall_ns_i + t − W0 − gaps`, where W0 is the earliest shard start and `gaps` sums the
    ///   idle spans between the union of the shards' active windows `[wall_i + first sent, wall_i +
    ///   last done]` that lie before the shard's window. The group run's active window is then the
    ///   union of the shards' windows, so throughput is requests ÷ that union's length.
    /// - The group run's id is derived from the group id (`StableHash`), so a group put together in
    ///   two files is one run when they are merged; a group run whose shards changed is rebuilt in place
    ///   (baselines that point at it stay). Shard runs it holds are listed in `run_shards` and left out
    ///   of `runs()`.
    public func combineRunGroups() throws -> [RunGroupMerge] {
        guard fileSchemaVersion >= Schema.shardsVersion else { return [] }
        return try withConnection { conn in
            try conn.transaction {
                var groups: [String] = []
                let list = try conn.prepare("SELECT DISTINCT run_group FROM runs WHERE run_group IS NOT NULL AND shard_index IS NOT NULL ORDER BY run_group")
                while try list.step() { groups.append(list.text(0)) }
                return try groups.map { try Database.combine(group: $0, conn) }
            }
        }
    }

    struct ShardRun {
        var id: String, index: Int, count: Int, status: String, startedAt: String, wallNs: Int64?
        var notSent: Int, cancelled: Int, rows: Int, maxIndex: Int64?, firstSent: Int64?, lastDone: Int64?
    }

    static func combine(group: String, _ conn: Connection) throws -> RunGroupMerge {
        let q = try conn.prepare("""
            SELECT r.id, r.shard_index, r.shard_count, r.status, r.started_at, r.started_wall_ns,
              (SELECT count(*) FROM requests WHERE run_id = r.id AND status = 'not_sent'),
              (SELECT count(*) FROM requests WHERE run_id = r.id AND status = 'cancelled'),
              (SELECT count(*) FROM requests WHERE run_id = r.id),
              (SELECT max(request_index) FROM requests WHERE run_id = r.id),
              (SELECT min(sent_ns) FROM requests WHERE run_id = r.id),
              (SELECT max(done_ns) FROM requests WHERE run_id = r.id)
            FROM runs AS r WHERE r.run_group = ? AND r.shard_index IS NOT NULL ORDER BY r.started_at, r.rowid
            """)
        try q.bind(group, 1)
        var shards: [ShardRun] = []
        while try q.step() {
            shards.append(ShardRun(id: q.text(0), index: q.int(1), count: q.int(2), status: q.text(3), startedAt: q.text(4),
                                   wallNs: q.optionalInt64(5), notSent: q.int(6), cancelled: q.int(7), rows: q.int(8),
                                   maxIndex: q.optionalInt64(9), firstSent: q.optionalInt64(10), lastDone: q.optionalInt64(11)))
        }
        let n = shards.map(\.count).max() ?? 1
        var result = RunGroupMerge(group: group, shardCount: n, runId: nil, kept: [:], dropped: [], missing: [],
                                   requests: 0, unchanged: false, problem: nil)
        if Set(shards.map(\.count)).count > 1 {
            result.problem = "its shards disagree on N (" + Set(shards.map(\.count)).sorted().map(String.init).joined(separator: ", ")
                + "): runs of different sizes share the run group id"
            return result
        }
        // The complete run of each shard.
        var chosen: [Int: ShardRun] = [:]
        for index in 1...n {
            let runs = shards.filter { $0.index == index }
            guard let best = runs.max(by: { a, b in
                let ka = (a.status == "completed" ? 1 : 0, -(a.notSent + a.cancelled), a.startedAt)
                let kb = (b.status == "completed" ? 1 : 0, -(b.notSent + b.cancelled), b.startedAt)
                return ka < kb
            }) else { result.missing.append(index); continue }
            chosen[index] = best
            for other in runs where other.id != best.id {
                let why = other.status != "completed" && best.status == "completed" ? "it is \(other.status), the kept run completed"
                    : "it left \(other.notSent + other.cancelled) requests unsent or cancelled, the kept run \(best.notSent + best.cancelled)"
                result.dropped.append(.init(shard: index, runId: other.id, keptRunId: best.id, why: why))
            }
        }
        result.kept = chosen.mapValues(\.id)
        guard result.missing.isEmpty else { return result }
        let kept = (1...n).map { chosen[$0]! }
        let groupId = groupRunId(group)
        result.runId = groupId

        // Already built from exactly these shards: nothing to do.
        var members: [Int: String] = [:]
        let m = try conn.prepare("SELECT shard_index, shard_run_id FROM run_shards WHERE run_id = ?")
        try m.bind(groupId, 1)
        while try m.step() { members[m.int(0)] = m.text(1) }
        if members == result.kept {
            result.unchanged = true
            result.requests = kept.reduce(0) { $0 + $1.rows }
            return result
        }

        // One time line: wall start + run-clock time, idle gaps between the shards' windows removed.
        let w0 = kept.compactMap(\.wallNs).min() ?? 0
        var windows: [(start: Int64, end: Int64, shard: Int)] = []
        for s in kept {
            if let w = s.wallNs, let a = s.firstSent, let b = s.lastDone, b >= a {
                windows.append((w - w0 + a, w - w0 + b, s.index))
            }
        }
        windows.sort { $0.start < $1.start }
        var gapBefore: [Int: Int64] = [:]
        var gaps: Int64 = 0, unionNs: Int64 = 0
        var reach: Int64?   // the end of the union so far
        for w in windows {
            switch reach {
            case nil:
                unionNs = w.end - w.start; reach = w.end
            case let r? where w.start > r:   // an idle gap, then a new part of the union
                gaps += w.start - r; unionNs += w.end - w.start; reach = w.end
            case let r? where w.end > r:     // overlaps and reaches further
                unionNs += w.end - r; reach = w.end
            default: break                   // inside the union so far
            }
            gapBefore[w.shard] = gaps
        }
        var timeOffset: [Int: Int64] = [:]
        var requestOffset: [Int: Int64] = [:]
        var next: Int64 = 0
        for s in kept {
            timeOffset[s.index] = (s.wallNs ?? w0) - w0 - (gapBefore[s.index] ?? 0)
            requestOffset[s.index] = next
            next += (s.maxIndex ?? -1) + 1
        }

        // The group run row: shard 1's settings, the group's span and status.
        let exists = try conn.prepare("SELECT 1 FROM runs WHERE id = ?")
        try exists.bind(groupId, 1)
        let rebuild = try exists.step()
        if rebuild {
            for table in ["requests", "scores", "run_prices", "run_datasets", "run_shards"] {
                let d = try conn.prepare("DELETE FROM \(table) WHERE run_id = ?")
                try d.bind(groupId, 1)
                try d.run()
            }
        }
        let first = kept[0]
        let statuses = Set(kept.map(\.status))
        let status = statuses == ["completed"] ? "completed" : (statuses.contains("failed") ? "failed" : (statuses.contains("interrupted") ? "interrupted" : "running"))
        let hostsQuery = try conn.prepare("SELECT host, cpu_count, simulated, started_at, finished_at FROM runs WHERE id = ?")
        var hosts: [String] = [], cpus = 0, simulated = true, finished: String? = nil
        for s in kept {
            hostsQuery.reset()
            try hostsQuery.bind(s.id, 1)
            guard try hostsQuery.step() else { continue }
            let host = hostsQuery.text(0)
            if !hosts.contains(host) { hosts.append(host) }
            cpus += hostsQuery.int(1)
            simulated = simulated && hostsQuery.int64(2) != 0
            if let f = hostsQuery.optionalText(4), f > (finished ?? "") { finished = f }
        }
        var notes = "run group \(group): \(n) shard\(n == 1 ? "" : "s") put together by merge ("
            + kept.map { "\($0.index)/\(n) = \($0.id.prefix(8))" }.joined(separator: ", ") + ")"
        if !result.dropped.isEmpty {
            notes += "; dropped " + result.dropped.map { "\($0.runId.prefix(8)) (shard \($0.shard): \($0.why))" }.joined(separator: ", ")
        }
        let hostText = hosts.count == 1 ? hosts[0] : "\(hosts.count) hosts: " + hosts.prefix(5).joined(separator: ", ") + (hosts.count > 5 ? ", …" : "")
        let startedAt = kept.map(\.startedAt).min()!
        let columns = "id, started_at, finished_at, label, llmbench_version, git_commit, host, os, cpu_count, curl_version, sqlite_version, simulated, settings_json, status, duration_ns, capped, notes, started_wall_ns, shard_index, shard_count, run_group"
        if rebuild {
            let u = try conn.prepare("""
                UPDATE runs SET started_at = ?, finished_at = ?, host = ?, cpu_count = ?, simulated = ?, status = ?, duration_ns = ?,
                notes = ?, started_wall_ns = ?, shard_count = ? WHERE id = ?
                """)
            try u.bind(startedAt, 1); try u.bind(finished, 2); try u.bind(hostText, 3); try u.bind(cpus, 4)
            try u.bind(simulated, 5); try u.bind(status, 6); try u.bind(unionNs, 7); try u.bind(notes, 8)
            try u.bind(w0, 9); try u.bind(n, 10); try u.bind(groupId, 11)
            try u.run()
        } else {
            let ins = try conn.prepare("""
                INSERT INTO runs (\(columns), merged_at)
                SELECT ?, ?, ?, label, llmbench_version, git_commit, ?, os, ?, curl_version, sqlite_version, ?, settings_json, ?, ?, 0, ?, ?, NULL, ?, run_group, ?
                FROM runs WHERE id = ?
                """)
            try ins.bind(groupId, 1); try ins.bind(startedAt, 2); try ins.bind(finished, 3); try ins.bind(hostText, 4)
            try ins.bind(cpus, 5); try ins.bind(simulated, 6); try ins.bind(status, 7); try ins.bind(unionNs, 8)
            try ins.bind(notes, 9); try ins.bind(w0, 10); try ins.bind(n, 11); try ins.bind(nowISO8601(), 12)
            try ins.bind(first.id, 13)
            try ins.run()
        }
        let datasets = try conn.prepare("""
            INSERT OR IGNORE INTO run_datasets (run_id, dataset, sha256, task, template_sha256)
            SELECT ?, dataset, sha256, task, template_sha256 FROM run_datasets WHERE run_id = ?
            """)
        let prices = try conn.prepare("""
            INSERT OR IGNORE INTO run_prices (run_id, model, entry_json, catalog_sha256, catalog_date)
            SELECT ?, model, entry_json, catalog_sha256, catalog_date FROM run_prices WHERE run_id = ?
            """)
        let timeColumns = ["intended_start_ns", "sent_ns", "first_byte_ns", "first_token_ns", "first_output_ns", "last_token_ns", "done_ns"]
        let select = RequestColumns.names.map { name -> String in
            if name == "run_id" { return "?1" }
            if name == "request_index" { return "request_index + ?2" }
            if timeColumns.contains(name) { return "\(name) + ?3" }
            return name
        }.joined(separator: ", ")
        let rows = try conn.prepare("INSERT INTO requests (\(RequestColumns.list)) SELECT \(select) FROM requests WHERE run_id = ?4")
        let scores = try conn.prepare("""
            INSERT INTO scores (run_id, request_index, attempt, metric, value)
            SELECT ?1, request_index + ?2, attempt, metric, value FROM scores WHERE run_id = ?3
            """)
        let member = try conn.prepare("""
            INSERT INTO run_shards (run_id, shard_index, shard_run_id, request_offset, time_offset_ns, rows) VALUES (?,?,?,?,?,?)
            """)
        for s in kept {
            for st in [datasets, prices] {
                st.reset()
                try st.bind(groupId, 1); try st.bind(s.id, 2)
                try st.run()
            }
            rows.reset()
            try rows.bind(groupId, 1); try rows.bind(requestOffset[s.index]!, 2); try rows.bind(timeOffset[s.index]!, 3)
            try rows.bind(s.id, 4)
            try rows.run()
            scores.reset()
            try scores.bind(groupId, 1); try scores.bind(requestOffset[s.index]!, 2); try scores.bind(s.id, 3)
            try scores.run()
            member.reset()
            try member.bind(groupId, 1); try member.bind(s.index, 2); try member.bind(s.id, 3)
            try member.bind(requestOffset[s.index]!, 4); try member.bind(timeOffset[s.index]!, 5); try member.bind(s.rows, 6)
            try member.run()
            try shiftChunkArrivals(conn, runId: groupId, from: requestOffset[s.index]!, to: requestOffset[s.index]! + (s.maxIndex ?? -1),
                                   by: timeOffset[s.index]!)
        }
        result.requests = kept.reduce(0) { $0 + $1.rows }
        return result
    }

    /// Moves the stored chunk arrival times (run-clock ns, `chunk_arrivals`) of a copied shard's rows by `delta`.
    static func shiftChunkArrivals(_ conn: Connection, runId: String, from: Int64, to: Int64, by delta: Int64) throws {
        guard delta != 0, to >= from else { return }
        let read = try conn.prepare("""
            SELECT request_index, attempt, chunk_arrivals FROM requests
            WHERE run_id = ? AND request_index BETWEEN ? AND ? AND chunk_arrivals IS NOT NULL
            """)
        try read.bind(runId, 1); try read.bind(from, 2); try read.bind(to, 3)
        var shifted: [(Int64, Int64, [UInt8])] = []
        while try read.step() {
            guard let bytes = read.blob(2), let values = RequestColumns.decodeArrivals(bytes) else { continue }
            shifted.append((read.int64(0), read.int64(1), RequestColumns.encodeArrivals(values.map { $0 &+ delta })))
            if shifted.count >= 4096 { try write(shifted); shifted.removeAll(keepingCapacity: true) }
        }
        try write(shifted)
        func write(_ batch: [(Int64, Int64, [UInt8])]) throws {
            let update = try conn.prepare("UPDATE requests SET chunk_arrivals = ? WHERE run_id = ? AND request_index = ? AND attempt = ?")
            for (index, attempt, bytes) in batch {
                update.reset()
                try update.bind(bytes, 1); try update.bind(runId, 2); try update.bind(index, 3); try update.bind(attempt, 4)
                try update.run()
            }
        }
    }

    /// The id of a run group's group run: a UUID-shaped text of two `StableHash`es of the group id.
    public static func groupRunId(_ group: String) -> String {
        var a = StableHash(), b = StableHash()
        a.combine("llmbench run group"); a.combine(group)
        b.combine(group); b.combine("llmbench run group")
        let hex = String(a.value, radix: 16).leftPadded16 + String(b.value, radix: 16).leftPadded16
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}

private extension String {
    var leftPadded16: String { count >= 16 ? self : String(repeating: "0", count: 16 - count) + self }
}
