import Foundation
import LLMBenchCore
@testable import Store

/// A fresh directory under the system temp directory, removed when released.
final class TempDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    /// SQL that undoes the migrations after version 4 on a fresh file, so a test can fake an older
    /// file by also setting `user_version` (each later migration adds its undo here).
    static let dropColumnsAfterVersion4 = "DROP INDEX requests_by_conversation; ALTER TABLE requests DROP COLUMN conversation_index; "
        + "ALTER TABLE requests DROP COLUMN turn; " + dropDatasetTaskColumns
    /// SQL that undoes `Schema.datasetTaskAndTemplate` (run_datasets.task and template_sha256).
    static let dropDatasetTaskColumns = "ALTER TABLE run_datasets DROP COLUMN task; ALTER TABLE run_datasets DROP COLUMN template_sha256;"

    static func run(id: String = UUID().uuidString.lowercased(), startedAt: String = "2025-01-02T03:04:05Z",
                    label: String? = nil, status: RunStatus = .running) -> RunInfo {
        RunInfo(id: id, startedAt: startedAt, label: label, llmbenchVersion: "0.1.0", gitCommit: "abc1234",
                host: "ci-host", os: "Linux 6.1", cpuCount: 2, curlVersion: "7.88.1", sqliteVersion: Database.sqliteVersion,
                simulated: true, settingsJSON: #"{"models":["gpt-4o-mini"],"api_key_env":"OPENAI_API_KEY"}"#,
                datasetHashes: ["qa": String(repeating: "a", count: 64), "summarization": String(repeating: "b", count: 64)],
                status: status)
    }

    /// A record with every optional field set (unicode text, chunk arrivals, headers, phases).
    static func fullRecord(runId: String, index: Int, attempt: Int = 0) -> RequestRecord {
        RequestRecord(
            runId: runId, requestIndex: index, attempt: attempt, model: "gpt-4o-mini", dataset: "translation",
            itemId: "tr-\(index)", warmup: index % 2 == 0, status: .error, errorKind: .http429,
            errorMessage: "rate limited \"quoted\"", httpStatus: 429, intendedStartNs: 1_000 + Int64(index),
            sentNs: 1_100, firstByteNs: 2_000, firstTokenNs: 2_500, firstOutputNs: 2_600, lastTokenNs: 9_000,
            doneNs: 9_500, chunkArrivalsNs: [2_500, 3_000, -1, Int64.max, 9_000],
            usage: Usage(inputTokens: 120, outputTokens: 33, cachedInputTokens: 64, cacheWriteTokens: 8,
                         reasoningTokens: 5, source: .server),
            responseText: "Grüß Gott — 你好，世界 🌍\u{0}nul\nline", finishReason: "stop",
            providerRequestId: "req_123", systemFingerprint: "fp_9", servedModel: "gpt-4o-mini-2024-07-18",
            rateLimitHeaders: ["x-ratelimit-remaining-requests": "99", "retry-after": "1", "weird\"\\\n": "é\u{1}"],
            phases: TransferPhases(nameLookupNs: 10, connectNs: 20, tlsHandshakeNs: 30, preTransferNs: 40,
                                   startTransferNs: 50, totalNs: 60))
    }

    /// A record with every optional field nil and every collection empty.
    static func bareRecord(runId: String, index: Int, attempt: Int = 0) -> RequestRecord {
        RequestRecord(runId: runId, requestIndex: index, attempt: attempt, model: "m", dataset: "qa", itemId: "q\(index)",
                      status: .cancelled, intendedStartNs: 0)
    }
}
