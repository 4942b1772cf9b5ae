import Foundation
import Testing

/// `llmbench trend` through the binary (issue 16): a handful of tiny labelled simulated runs over two
/// databases, one slowed with `--time-scale`; every value is the one `report` shows for its run, the
/// slow run is the one flagged, and baselines and the simulator are marked.
@Suite struct TrendEndToEndTests {
    static let metrics = ["ttft_ms_p95", "e2e_ms_p95", "cost_usd_per_request_mean"]

    static func night(_ db: String, _ n: Int, timeScale: String) throws {
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "3",
                                "--time-scale", timeScale, "--seed", "\(n)", "--label", "nightly-\(n)", "--quiet", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The model totals of `report --run LABEL --format json` for gpt-4o-mini.
    static func reported(_ db: String, _ label: String) throws -> [String: Any] {
        let r = try Binary.run(["report", "--db", db, "--run", label, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let totals = try #require(try json(r.stdout)["model_totals"] as? [[String: Any]])
        return try #require(totals.first { $0["model"] as? String == "gpt-4o-mini" }?["metrics"] as? [String: Any])
    }

    @Test func valuesMatchTheReportsAndTheSlowRunIsFlagged() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        // Three quick nights spread over two files, then a night 50× slower.
        try Self.night(a, 1, timeScale: "0.02")
        try Self.night(b, 2, timeScale: "0.02")
        try Self.night(a, 3, timeScale: "0.02")
        try Self.night(b, 4, timeScale: "1")
        #expect(try Binary.run(["baseline", "set", "last-good", "nightly-1", "--db", a]).status == 0)
        let files = [(a, 1), (b, 2), (a, 3), (b, 4)]

        let r = try Binary.run(["trend", "--db", a, "--db", b, "--label", "nightly-*", "--metrics", Self.metrics.joined(separator: ","),
                                "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("latest run flagged: ") && r.stderr.contains("gpt-4o-mini e2e_ms_p95 above"), "\(r.stderr)")
        let doc = try Self.json(r.stdout)
        #expect(doc["view"] as? String == "trend" && doc["simulated"] as? Bool == true)
        let runs = try #require(doc["runs"] as? [[String: Any]])
        #expect(runs.map { $0["label"] as? String } == ["nightly-1", "nightly-2", "nightly-3", "nightly-4"])
        #expect(runs.map { $0["database"] as? String } == files.map(\.0))
        #expect(runs[0]["baselines"] as? [String] == ["last-good"] && (runs[1]["baselines"] as? [String])?.isEmpty == true)
        #expect(runs.allSatisfy { $0["simulated"] as? Bool == true })
        let series = try #require(doc["series"] as? [[String: Any]])
        #expect(series.map { $0["metric"] as? String } == Self.metrics)
        for (i, (db, n)) in files.enumerated() {
            let report = try Self.reported(db, "nightly-\(n)")
            for s in series {
                let name = try #require(s["metric"] as? String)
                let point = try #require((s["points"] as? [[String: Any]])?[i])
                #expect(point["run_id"] as? String == runs[i]["id"] as? String)
                #expect(point["value"] as? Double == report[name] as? Double, "\(name) of nightly-\(n)")
            }
        }
        // Only the fourth night has three before it: it is judged, and slow.
        let e2e = try #require(series.first { $0["metric"] as? String == "e2e_ms_p95" }?["points"] as? [[String: Any]])
        #expect(e2e.prefix(3).allSatisfy { $0["band"] is NSNull && $0["flag"] is NSNull })
        #expect(e2e[3]["flag"] as? String == "above" && e2e[3]["worse"] as? Bool == true)
        let latest = try #require(doc["latest"] as? [String: Any])
        let flagged = try #require(latest["flags"] as? [[String: Any]]).map { $0["metric"] as? String }
        #expect(latest["run_id"] as? String == runs[3]["id"] as? String && flagged.contains("e2e_ms_p95"))
        #expect(!flagged.contains("cost_usd_per_request_mean"), "the price did not change: \(flagged)")

        // Markdown: the short answer first, the simulator said, the baseline marked.
        let md = try Binary.run(["trend", "--db", a, "--db", b, "--label", "nightly-*", "--metrics", Self.metrics.joined(separator: ",")])
        #expect(md.status == 0, "\(md.stderr)")
        let lines = md.stdout.components(separatedBy: "\n")
        #expect(lines.count > 2 && lines[2].hasPrefix("**Flagged in the latest run** `nightly-4`") && lines[2].contains("`e2e_ms_p95`"), "\(md.stdout)")
        #expect(md.stdout.contains("Simulated: results come from llmbench's built-in simulator"))
        #expect(md.stdout.contains("| nightly-1 |") && md.stdout.contains("| last-good |"), "\(md.stdout)")
        #expect(md.stdout.contains("### By hour of day (UTC)"))

        // CSV: the same numbers (one `run` row per run and metric, the hours, the next band).
        let csv = try Binary.run(["trend", "--db", a, "--db", b, "--label", "nightly-*", "--metrics", Self.metrics.joined(separator: ","),
                                  "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        #expect(rows.first?.first == "row" && rows.filter { $0[0] == "run" }.count == 4 * Self.metrics.count)
        let slowRow = try #require(rows.first { $0[0] == "run" && $0[2] == "e2e_ms_p95" && $0[5] == "nightly-4" })
        // The CSV and the JSON print the same shortest round-trip digits, but Foundation's
        // `JSONSerialization` on Linux reads a 17-digit number up to 2 ulp off (about 30% of random
        // doubles; `Double(String)` and `JSONDecoder` are exact), so the two are compared within 4 ulp.
        let slowValue = try #require(e2e[3]["value"] as? Double)
        #expect(abs(try #require(Double(slowRow[11])) - slowValue) <= 4 * slowValue.ulp, "\(slowRow[11]) vs \(slowValue)")
        #expect(slowRow[17] == "above" && slowRow[18] == "true", "\(slowRow)")
        #expect(rows.contains { $0[0] == "hour_of_day" } && rows.contains { $0[0] == "next_band" })

        // HTML: one page with a time series per metric and an hour-of-day chart per metric (a browser
        // draws it in RenderEndToEndTests).
        let page = dir.appendingPathComponent("trend.html")
        let html = try Binary.run(["trend", "--db", a, "--db", b, "--label", "nightly-*", "--metrics", Self.metrics.joined(separator: ","),
                                   "--format", "html", "--out", page.path])
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.components(separatedBy: "<figure ").count - 1 == 2 * Self.metrics.count)
        #expect(text.contains("class=\"flag\"") && text.contains("data-series=\"baseline run\""))

        // One file, every run (no --label): the quick nights of a only.
        let one = try Self.json(try Binary.run(["trend", "--db", a, "--format", "json"]).stdout)
        #expect((one["runs"] as? [Any])?.count == 2)
        let defaults = try #require(one["series"] as? [[String: Any]]).compactMap { $0["metric"] as? String }
        #expect(defaults == ["ttft_ms_p95", "e2e_ms_p95", "error_rate", "cost_usd_per_request_mean"])
    }

    @Test func badInputGivesTheDocumentedExitCodes() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("n.sqlite").path
        try Self.night(db, 1, timeScale: "0.02")
        let unknown = try Binary.run(["trend", "--db", db, "--metrics", "ttft_p95"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown metric \"ttft_p95\"") && unknown.stderr.contains("e2e_ms_p95"), "\(unknown.stderr)")
        let none = try Binary.run(["trend", "--db", db, "--label", "weekly-*"])
        #expect(none.status == 66 && none.stderr.contains("no run labelled weekly-*") && none.stderr.contains("labels: nightly-1"), "\(none.stderr)")
        let missing = try Binary.run(["trend", "--db", db, "--db", dir.appendingPathComponent("absent.sqlite").path])
        #expect(missing.status == 66, "\(missing.stderr)")
        let junk = dir.appendingPathComponent("junk.sqlite")
        try Data("not a database, just text that is long enough to be read as a header".utf8).write(to: junk)
        let bad = try Binary.run(["trend", "--db", junk.path])
        #expect(bad.status == 65, "\(bad.stderr)")
        let window = try Binary.run(["trend", "--db", db, "--window", "2"])
        #expect(window.status == 64 && window.stderr.contains("--window"), "\(window.stderr)")
        let oneRun = try Binary.run(["trend", "--db", db])
        #expect(oneRun.status == 0 && oneRun.stdout.contains("**is not judged yet**"), "\(oneRun.stdout)")
    }
}
