import Foundation

/// How a run ended.
public enum RunStatus: String, Sendable, Codable {
    case running
    case completed
    case interrupted
    case failed
}

/// One row of the `runs` table: what was run, where, with which settings (no secrets).
public struct RunInfo: Sendable, Equatable {
    /// A UUID, so runs from several databases merge without collisions.
    public var id: String
    /// Wall-clock start, ISO 8601 UTC.
    public var startedAt: String
    /// Wall-clock end, ISO 8601 UTC, once finished.
    public var finishedAt: String?
    public var label: String?
    public var llmbenchVersion: String
    public var gitCommit: String?
    public var host: String
    public var os: String
    public var cpuCount: Int
    public var curlVersion: String
    public var sqliteVersion: String
    public var simulated: Bool
    /// The run's settings as JSON (models without keys, datasets, limits, profile).
    public var settingsJSON: String
    /// Dataset name → SHA-256 hex of the file's bytes.
    public var datasetHashes: [String: String]
    /// Dataset name → SHA-256 hex of its custom prompt template (`CustomTemplate.sha256`), for the
    /// datasets that had one; empty for runs stored before `run_datasets.template_sha256` existed.
    public var templateHashes: [String: String] = [:]
    /// Dataset name → the task its items had (`TaskKind` raw value); empty for runs stored before `run_datasets.task` existed.
    public var datasetTasks: [String: String] = [:]
    public var status: RunStatus
    /// Nanoseconds from the run's start to its last request's end (the active duration).
    public var durationNs: Int64?
    /// The last time the running process said it was alive, ISO 8601 UTC (every
    /// `RunLiveness.heartbeatIntervalSeconds`); `nil` for runs recorded before heartbeats existed.
    public var heartbeatAt: String?
    /// Wall-clock start, ns since the Unix epoch (`CLOCK_REALTIME`), read beside the run clock's zero:
    /// what puts the shards of one run group on one time line. nil for runs stored before it existed.
    public var startedWallNs: Int64?
    /// The shard this run sent (`--shard I/N`); nil for an unsharded run. A run that `merge` put
    /// together from a group's shards has `shard` nil and `shardCount` N.
    public var shard: Shard?
    /// Shards the run group has: N for a shard or a merged group run, nil otherwise.
    public var shardCount: Int?
    /// `--run-group`: the id a run's shards share.
    public var runGroup: String?

    /// True for the run `merge` built from a run group's shards.
    public var isMergedGroup: Bool { runGroup != nil && shard == nil && shardCount != nil }

    public init(id: String, startedAt: String, finishedAt: String? = nil, label: String? = nil,
                llmbenchVersion: String, gitCommit: String? = nil, host: String, os: String, cpuCount: Int,
                curlVersion: String, sqliteVersion: String, simulated: Bool, settingsJSON: String,
                datasetHashes: [String: String], status: RunStatus, durationNs: Int64? = nil,
                heartbeatAt: String? = nil) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.label = label
        self.llmbenchVersion = llmbenchVersion; self.gitCommit = gitCommit; self.host = host; self.os = os
        self.cpuCount = cpuCount; self.curlVersion = curlVersion; self.sqliteVersion = sqliteVersion
        self.simulated = simulated; self.settingsJSON = settingsJSON; self.datasetHashes = datasetHashes
        self.status = status; self.durationNs = durationNs; self.heartbeatAt = heartbeatAt
    }

    /// Whether the run is over, still going, or was cut short by a crash or `kill -9`, judged at
    /// `now` from its status and heartbeat (derived when read: readers never write).
    public func liveness(now: Date) -> RunLiveness {
        guard status == .running else { return .finished }
        let seen = heartbeatAt ?? startedAt
        guard let last = RunLiveness.parse(seen) else { return .running(lastSeen: seen) }
        return now.timeIntervalSince(last) > RunLiveness.staleAfterSeconds ? .crashed(lastSeen: seen) : .running(lastSeen: seen)
    }
}

/// A run's state as a reader sees it (see `RunInfo.liveness(now:)`).
public enum RunLiveness: Sendable, Equatable {
    /// Completed, interrupted or failed: the status is final.
    case finished
    /// Still `running`, and its heartbeat is recent.
    case running(lastSeen: String)
    /// Still `running`, but silent for more than `staleAfterSeconds`: the process died (a crash,
    /// `kill -9`, a lost machine). Its stored requests are valid; the last batch may be missing.
    case crashed(lastSeen: String)

    /// A running run writes its heartbeat this often, s.
    public static let heartbeatIntervalSeconds = 5.0
    /// A `running` run whose heartbeat is older than this is crashed, s: six missed beats.
    public static let staleAfterSeconds = 30.0

    /// An ISO 8601 UTC time as stored (`started_at`, `heartbeat_at`), with or without fractions.
    public static func date(_ iso: String) -> Date? { parse(iso) }

    static func parse(_ iso: String) -> Date? {
        // What llmbench writes (`UTCTimestamp`), without ICU; any other ISO 8601 shape by Foundation.
        if let seconds = UTCTimestamp.parse(iso) { return Date(timeIntervalSince1970: seconds) }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: iso) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: iso)
    }
}

public enum LLMBenchVersion {
    public static let current = "0.1.0"
}
