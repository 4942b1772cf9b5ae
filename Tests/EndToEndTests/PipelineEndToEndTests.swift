import Foundation
import Testing
import LLMBenchCore
import Store

/// Cost, spending cap, interrupt, overload and the nightly gate, each through the built binary and
/// its embedded simulator.
@Suite(.serialized) struct PipelineEndToEndTests {
    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func group(_ report: [String: Any], model: String, dataset: String?) -> [String: Any]? {
        let list = (dataset == nil ? report["model_totals"] : report["groups"]) as? [[String: Any]] ?? []
        let g = list.first { ($0["model"] as? String) == model && (dataset == nil || ($0["dataset"] as? String) == dataset) }
        return g?["metrics"] as? [String: Any]
    }

    /// gpt-4o-mini's published price, $0.15 input ($0.075 cached) and $0.60 output per million tokens,
    /// is 150,000 / 75,000 / 600,000 µ$ per million tokens = pico-dollars per token.
    @Test func costColumnsMatchAHandCalculationFromThePublishedPrice() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa,summarization",
                                "--requests", "4", "--time-scale", "0.02", "--quiet", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun("latest")
        var picos: [String: Int64] = [:]
        var total: Int64 = 0
        try database.forEachRequest(runId: run.id) { rec in
            guard let u = rec.usage, u.source == .server else { return }
            // No caching or reasoning in this run: input × 150,000 + output × 600,000 µ$/1M tokens.
            let c = Int64(u.inputTokens - u.cachedInputTokens) * 150_000 + Int64(u.cachedInputTokens) * 75_000
                + Int64(u.outputTokens) * 600_000
            picos[rec.dataset, default: 0] += c
            total += c
        }
        let report = json(r.stdout)
        for ds in ["qa", "summarization"] {
            let m = try #require(group(report, model: "gpt-4o-mini", dataset: ds))
            let reported = try #require(m["cost_usd_total"] as? Double)
            #expect(abs(reported - Double(picos[ds]!) / 1e12) < 1e-15, "\(ds): \(reported) vs \(picos[ds]!)")
            let mean = try #require(m["cost_usd_per_request_mean"] as? Double)
            #expect(abs(mean - Double(picos[ds]!) / 4 / 1e12) < 1e-15)
            #expect(m["requests_priced"] as? Double == 4)
            #expect(abs((m["blended_usd_per_1m_tokens"] as? Double ?? 0) - 0.2625) < 1e-12)   // (3 × 0.15 + 0.60) / 4
        }
        let totals = try #require(group(report, model: "gpt-4o-mini", dataset: nil))
        #expect(abs((totals["cost_usd_total"] as? Double ?? -1) - Double(total) / 1e12) < 1e-15)
        // The price entries used are stored with the run.
        #expect(try database.runPrices(runId: run.id).map(\.model) == ["gpt-4o-mini"])
    }

    @Test func maxCostCapsTheRunAndTheReportSaysSo() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let dry = try Binary.run(["run", "--db", db, "--models", "gpt-4o", "--requests", "50", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("Worst case for the whole run"))
        #expect(!FileManager.default.fileExists(atPath: db))
        // Each gpt-4o request can cost up to ~$0.005 (prompt + 512 output tokens): $0.01 stops it early.
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o", "--requests", "50", "--concurrency", "2",
                                "--time-scale", "0.02", "--max-cost", "0.01", "--quiet", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Capped"))
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun("latest")
        #expect(try database.runExtras(id: run.id)?.capped == true)
        var sent = 0, planned = Set<Int>()
        try database.forEachRequest(runId: run.id) { rec in
            planned.insert(rec.requestIndex)
            if rec.status != .notSent { sent += 1 }
        }
        #expect(sent < 150)
        #expect(planned == Set(0..<150), "every planned request is a row, the unsent ones as not_sent")
    }

    @Test func ctrlCStopsCleanlyKeepsMeasurementsAndExits130() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("i.sqlite").path
        // Some requests stored (bounded wait), then Ctrl-C.
        let p = try startRunAndWaitForRows(["run", "--db", db, "--requests", "200", "--concurrency", "4", "--quiet",
                                            "--format", "none"], db: db)
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun("latest")
        #expect(run.status == .interrupted)
        var ok = 0, cancelled = 0, indices = Set<Int>()
        try database.forEachRequest(runId: run.id) { rec in
            indices.insert(rec.requestIndex)
            if rec.status == .ok { ok += 1 }
            if rec.status == .cancelled { cancelled += 1; #expect(rec.errorKind == .cancelled) }
        }
        #expect(ok > 0)
        #expect(ok + cancelled < 1800)
        #expect(indices == Set(0..<1800), "3 models × 3 datasets × 200: every planned request is a row")
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func overloadShowsDispatchLagAndTheFellBehindWarning() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("o.sqlite").path
        // 40 requests/s offered to one stream of a model that takes ~0.1 s per answer.
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o", "--datasets", "qa", "--requests", "20",
                                "--profile", "constant", "--rate", "40", "--concurrency", "1", "--time-scale", "0.2",
                                "--quiet", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = json(r.stdout)
        let notes = report["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("fell behind") }, "\(notes)")
        let m = try #require(group(report, model: "gpt-4o", dataset: "qa"))
        let lag = try #require(m["dispatch_lag_ms_p99"] as? Double)
        #expect(lag > 100)
        // Latency from the intended start tells the truth the send-time figure hides.
        let fromIntended = try #require(m["e2e_from_intended_ms_p50"] as? Double)
        let fromSent = try #require(m["e2e_ms_p50"] as? Double)
        #expect(fromIntended > fromSent * 2)
    }

    @Test func nightlyGateFailsOnAThreeTimesSlowerCandidateOnly() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("n.sqlite").path
        func run(_ scale: String, _ label: String) throws {
            let r = try Binary.run(["run", "--config", Binary.packageRoot.appendingPathComponent("examples/nightly.json").path,
                                    "--db", db, "--datasets", "qa", "--requests", "30", "--concurrency", "8",
                                    "--time-scale", scale, "--label", label, "--quiet", "--format", "none"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let gate = "ttft_ms_p50<=+50%,error_rate<=+0.05"
        // The first night: no baseline yet, compare says so and passes.
        try run("0.1", "night-1")
        let first = try Binary.run(["compare", "--db", db, "--baseline", "last-good", "--candidate", "latest", "--gate", gate])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try Binary.run(["baseline", "set", "last-good", "night-1", "--db", db]).status == 0)
        try run("0.1", "night-2")
        let same = try Binary.run(["compare", "--db", db, "--baseline", "last-good", "--candidate", "night-2", "--gate", gate])
        #expect(same.status == 0, "\(same.stdout)")
        try run("0.3", "night-3")
        let slow = try Binary.run(["compare", "--db", db, "--baseline", "last-good", "--candidate", "night-3", "--gate", gate,
                                   "--format", "junit"])
        #expect(slow.status == 1, "\(slow.stdout)")
        #expect(slow.stdout.contains("<failure"))
    }

    @Test func rescoreRecomputesScoresAndRefusesAChangedDataset() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let qa = dir.appendingPathComponent("qa.jsonl")
        try FileManager.default.copyItem(at: Binary.packageRoot.appendingPathComponent("datasets/qa.jsonl"), to: qa)
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", qa.path, "--requests", "5",
                                "--time-scale", "0.02", "--quiet", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        func scores() throws -> [String] {
            let d = try Database.open(path: db, readOnly: true)
            defer { try? d.close() }
            var out: [String] = []
            try d.forEachScore(runId: try d.resolveRun("latest").id) { out.append("\($0.requestIndex)/\($0.metric)=\($0.value)") }
            return out.sorted()
        }
        let before = try scores()
        #expect(before.count == 10)   // exact_match and f1 for 5 responses
        let again = try Binary.run(["rescore", "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try scores() == before)
        // The dataset changed since the run: refused unless asked.
        let handle = try FileHandle(forWritingTo: qa)
        handle.seekToEndOfFile()
        handle.write(Data(#"\#n{"id": "extra", "task": "qa", "context": "A b.", "question": "What?", "answers": ["b"]}"#.utf8))
        try handle.close()
        let changed = try Binary.run(["rescore", "--db", db])
        #expect(changed.status == 65)
        #expect(changed.stderr.contains("changed since run"))
        #expect(try Binary.run(["rescore", "--db", db, "--allow-changed"]).status == 0)
    }

    @Test func batchPricingHalvesTheCostOfADiscountedModel() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("b.sqlite").path
        #expect(try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "3",
                                "--time-scale", "0.02", "--quiet", "--format", "none"]).status == 0)
        let full = group(json(try Binary.run(["report", "--db", db, "--format", "json"]).stdout), model: "gpt-4o-mini", dataset: "qa")
        let batch = group(json(try Binary.run(["report", "--db", db, "--format", "json", "--batch-pricing"]).stdout),
                          model: "gpt-4o-mini", dataset: "qa")
        let f = try #require(full?["cost_usd_total"] as? Double)
        let b = try #require(batch?["cost_usd_total"] as? Double)
        // gpt-4o-mini's catalog batch discount is 50 %; each side is rounded to the pico-dollar.
        #expect(abs(b - f / 2) < 3e-12, "\(b) vs \(f)")
    }
}
