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
    public var status: RunStatus
    /// Nanoseconds from the run's start to its last request's end (the active duration).
    public var durationNs: Int64?

    public init(id: String, startedAt: String, finishedAt: String? = nil, label: String? = nil,
                llmbenchVersion: String, gitCommit: String? = nil, host: String, os: String, cpuCount: Int,
                curlVersion: String, sqliteVersion: String, simulated: Bool, settingsJSON: String,
                datasetHashes: [String: String], status: RunStatus, durationNs: Int64? = nil) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.label = label
        self.llmbenchVersion = llmbenchVersion; self.gitCommit = gitCommit; self.host = host; self.os = os
        self.cpuCount = cpuCount; self.curlVersion = curlVersion; self.sqliteVersion = sqliteVersion
        self.simulated = simulated; self.settingsJSON = settingsJSON; self.datasetHashes = datasetHashes
        self.status = status; self.durationNs = durationNs
    }
}

public enum LLMBenchVersion {
    public static let current = "0.1.0"
}
