import Foundation
import Testing

/// `llmbench compare` refuses runs that are not like with like (issue 12), through the binary.
@Suite struct LikeWithLikeEndToEndTests {
    static func run(_ db: String, _ extra: [String]) throws {
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "12",
                                "--time-scale", "0.05", "--quiet", "--format", "none"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func closedLoopAgainstOpenLoopRefusesWith65() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("loop.sqlite").path
        try Self.run(db, ["--profile", "poisson", "--rate", "40", "--label", "open"])
        try Self.run(db, ["--profile", "concurrent", "--concurrency", "4", "--label", "closed"])
        let refused = try Binary.run(["compare", "--db", db, "--baseline", "open", "--candidate", "closed",
                                      "--gate", "ttft_ms_p95<=+15%"])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("not like with like"))
        #expect(refused.stderr.contains("load_loop (profile): poisson (open loop) → concurrent (closed loop)"))
        #expect(refused.stderr.contains("--allow-different"))
        let allowed = try Binary.run(["compare", "--db", db, "--baseline", "open", "--candidate", "closed",
                                      "--gate", "ttft_ms_p95<=+15%", "--allow-different", "--resamples", "200"])
        #expect(allowed.status == 0 || allowed.status == 1, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("### Differences between the runs"))
        #expect(allowed.stdout.contains("| load_loop | profile | poisson (open loop) | concurrent (closed loop) | refused unless --allow-different |"))
    }

    @Test func aRateChangeOnlyWarns() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("rate.sqlite").path
        try Self.run(db, ["--profile", "poisson", "--rate", "40", "--label", "a"])
        try Self.run(db, ["--profile", "poisson", "--rate", "50", "--label", "b"])
        let r = try Binary.run(["compare", "--db", db, "--baseline", "a", "--candidate", "b", "--format", "json", "--resamples", "200"])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("runs differ: rate (rate_per_s): 40.0 → 50.0"))
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let diffs = json["differences"] as? [[String: Any]] ?? []
        #expect(diffs.contains { $0["kind"] as? String == "rate" && $0["severity"] as? String == "warn" })
        #expect(!diffs.contains { $0["severity"] as? String == "refuse" })
    }
}
