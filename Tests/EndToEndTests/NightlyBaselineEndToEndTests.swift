import Foundation
import Testing

/// Baselines of several runs in `compare` (issue 12) through the binary: the mean of the marked
/// nights with night-to-night variation in the interval, a label pattern that never counts the
/// candidate, a slowed night that still fails, and re-pricing when the catalogs differ.
@Suite struct NightlyBaselineEndToEndTests {
    static func night(_ db: String, _ n: Int, extra: [String] = []) throws {
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "30",
                                "--time-scale", "0.05", "--seed", "\(n)", "--label", "nightly-\(n)", "--quiet", "--format", "none"]
                               + extra)
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func severalMarkedNightsFormTheBaseline() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("n.sqlite").path
        for n in 1...3 {
            try Self.night(db, n)
            let b = try Binary.run(["baseline", "set", "last-good", "nightly-\(n)", "--db", db])
            #expect(b.status == 0, "\(b.stderr)")
        }
        try Self.night(db, 4)
        let md = try Binary.run(["compare", "--db", db, "--baseline", "last-good~3", "--gate", "e2e_ms_p95<=+400%"])
        #expect(md.status == 0, "\(md.stdout)\n\(md.stderr)")
        #expect(md.stdout.contains("- Baseline: 3 runs (their mean)"), "\(md.stdout)")
        #expect(md.stdout.contains("widened by night-to-night variation estimated from the 3 baseline runs"), "\(md.stdout)")
        #expect(!md.stderr.contains("one baseline run"), "\(md.stderr)")
        let js = try Binary.run(["compare", "--db", db, "--baseline", "last-good~3", "--gate", "e2e_ms_p95<=+400%", "--format", "json"])
        let doc = try Self.json(js.stdout)
        #expect((doc["baseline_runs"] as? [Any])?.count == 3 && doc["night_to_night_accounted"] as? Bool == true)
        let groups = try #require(doc["groups"] as? [[String: Any]])
        let rows = try #require(groups.first?["metrics"] as? [[String: Any]])
        #expect(rows.allSatisfy { ($0["baseline_runs"] as? Double) == 3 }, "\(rows)")
        // A label pattern names the candidate too; it is never its own baseline.
        let pattern = try Binary.run(["compare", "--db", db, "--baseline", "nightly-*~10", "--format", "json"])
        #expect(pattern.status == 0, "\(pattern.stderr)")
        #expect((try Self.json(pattern.stdout)["baseline_runs"] as? [Any])?.count == 3)
        // One run: the output says night-to-night variation is not accounted for.
        let single = try Binary.run(["compare", "--db", db, "--baseline", "last-good", "--gate", "e2e_ms_p95<=+400%"])
        #expect(single.stdout.contains("run-to-run (night-to-night) variation is not accounted for"), "\(single.stdout)")
        #expect(single.stderr.contains("one baseline run"), "\(single.stderr)")
        // A night slowed 60× still fails against the three.
        let slow = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "30",
                                   "--time-scale", "3", "--seed", "5", "--label", "slow", "--quiet", "--format", "none"])
        #expect(slow.status == 0, "\(slow.stderr)")
        let fail = try Binary.run(["compare", "--db", db, "--baseline", "last-good~3", "--candidate", "slow",
                                   "--gate", "e2e_ms_p95<=+15%"])
        #expect(fail.status == 1 && fail.stdout.contains("## llmbench compare: FAIL"), "\(fail.stdout)\n\(fail.stderr)")
        // First night with a pattern that matches only the candidate: exit 0, treated as no baseline.
        let lone = dir.appendingPathComponent("lone.sqlite").path
        try Self.night(lone, 1)
        let first = try Binary.run(["compare", "--db", lone, "--baseline", "nightly-*~7", "--gate", "e2e_ms_p95<=+15%"])
        #expect(first.status == 0 && first.stderr.contains("names no run but the candidate"), "\(first.stderr)")
    }

    /// A newer catalog on the candidate side re-prices the baseline: doubled prices in the newer
    /// catalog are not a cost regression.
    @Test func aNewerCatalogRepricesBothSides() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.sqlite").path
        try Self.night(db, 1)
        // A copy of the data directory whose catalog is newer and twice as dear for gpt-4o-mini.
        let data = dir.appendingPathComponent("data")
        try FileManager.default.copyItem(at: Binary.packageRoot.appendingPathComponent("datasets"), to: data)
        let pricing = data.appendingPathComponent("pricing.json")
        var catalog = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: pricing)) as? [String: Any])
        catalog["catalog_date"] = "2099-01-01"
        var models = try #require(catalog["models"] as? [[String: Any]])
        for i in models.indices where models[i]["model"] as? String == "gpt-4o-mini" {
            for key in ["input", "output"] {
                if let v = models[i][key] as? Int { models[i][key] = v * 2 }
            }
        }
        catalog["models"] = models
        try JSONSerialization.data(withJSONObject: catalog).write(to: pricing)
        try Self.night(db, 2, extra: ["--data-dir", data.path])
        let gate = "cost_usd_per_request_mean<=+50%"
        let c = try Binary.run(["compare", "--db", db, "--baseline", "nightly-1", "--candidate", "nightly-2", "--gate", gate,
                                "--format", "json"])
        #expect(c.status == 0, "\(c.stdout)\n\(c.stderr)")
        #expect(c.stderr.contains("re-priced with the newest price catalog on both sides: gpt-4o-mini"), "\(c.stderr)")
        let doc = try Self.json(c.stdout)
        #expect(doc["repriced_models"] as? [String] == ["gpt-4o-mini"])
        let rows = try #require((doc["groups"] as? [[String: Any]])?.first?["metrics"] as? [[String: Any]])
        let cost = try #require(rows.first { $0["name"] as? String == "cost_usd_per_request_mean" })
        let rel = try #require(cost["relative_change"] as? Double)
        #expect(abs(rel) < 0.5, "same prompts, same catalog on both sides: not a doubling (\(rel))")
    }
}
