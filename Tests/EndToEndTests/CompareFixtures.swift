import Foundation
import LLMBenchCore
import Store

/// A fresh directory under the system temp directory, removed when released.
final class CompareTempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Seeded synthetic runs with known latency distributions (no wall clock anywhere).
enum SyntheticRuns {
    /// SplitMix64, so the draws are the same on every machine.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in (0, 1).
        mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
        /// Standard normal by Box–Muller.
        mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    }

    struct Group {
        var model: String
        var dataset: String
        /// Median TTFT, ms; TTFT is lognormal with this median and log-sd `sigma`.
        var ttftMedianMs: Double
        var sigma = 0.15
        var requests = 200
        /// Every `errorEvery`-th request fails (0: none).
        var errorEvery = 0
    }

    static func runInfo(id: String, label: String?, startedAt: String) -> RunInfo {
        RunInfo(id: id, startedAt: startedAt, label: label, llmbenchVersion: "0.1.0", host: "test", os: "Linux",
                cpuCount: 2, curlVersion: "8", sqliteVersion: Database.sqliteVersion, simulated: true,
                settingsJSON: "{}", datasetHashes: [:], status: .completed)
    }

    /// Records of one run: per request, TTFT drawn from the group's lognormal, 50 output tokens at
    /// 20 ms each, sent on schedule every 100 ms.
    static func records(runId: String, groups: [Group], seed: UInt64) -> [RequestRecord] {
        var rng = Rng(state: seed)
        var out: [RequestRecord] = []
        var index = 0
        for g in groups {
            for i in 0..<g.requests {
                let start = Int64(index) * 100_000_000
                let ttft = Int64(g.ttftMedianMs * exp(g.sigma * rng.normal()) * 1e6)
                if g.errorEvery > 0 && i % g.errorEvery == 0 {
                    out.append(RequestRecord(runId: runId, requestIndex: index, model: g.model, dataset: g.dataset,
                                             itemId: "i\(i)", status: .error, errorKind: .http5xx, httpStatus: 500,
                                             intendedStartNs: start, sentNs: start, doneNs: start + 5_000_000))
                } else {
                    let first = start + ttft
                    let last = first + 49 * 20_000_000
                    out.append(RequestRecord(runId: runId, requestIndex: index, model: g.model, dataset: g.dataset,
                                             itemId: "i\(i)", status: .ok, httpStatus: 200, intendedStartNs: start,
                                             sentNs: start, firstByteNs: first - 1_000_000, firstTokenNs: first,
                                             firstOutputNs: first, lastTokenNs: last, doneNs: last + 1_000_000,
                                             usage: Usage(inputTokens: 100, outputTokens: 50, source: .server),
                                             responseText: "answer"))
                }
                index += 1
            }
        }
        return out
    }

    /// Adds one run to the database at `path` (created when missing); returns the run id.
    @discardableResult
    static func addRun(to path: String, label: String?, startedAt: String, groups: [Group], seed: UInt64,
                       id: String = UUID().uuidString.lowercased()) throws -> String {
        let db = try Database.open(path: path)
        defer { try? db.close() }
        try db.insertRun(runInfo(id: id, label: label, startedAt: startedAt))
        try db.insertRequests(records(runId: id, groups: groups, seed: seed))
        return id
    }
}
