import Foundation
import Testing
import LLMBenchCore
import Simulator
import Store

/// The built binary against its embedded simulator, over real HTTP on 127.0.0.1, into a real SQLite file.
@Suite(.serialized) struct RunEndToEndTests {
    static let timeScale = 0.02

    @Test func runStoresEveryAttemptAndReportsRenderFromTheFileAlone() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("run.sqlite").path
        let isolated = Binary.canIsolateNetwork
        let r = try Binary.run(["run", "--db", db, "--requests", "3", "--concurrency", "4", "--time-scale", "\(Self.timeScale)",
                                "--quiet", "--format", "json", "--label", "e2e"], isolatedNetwork: isolated)
        #expect(r.status == 0, "stderr: \(r.stderr)")

        // The JSON report printed at the end parses and says the run was simulated.
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["simulated"] as? Bool == true)

        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let run = try database.resolveRun("latest")
        #expect(run.status == .completed && run.simulated && run.label == "e2e")
        #expect(Set(run.datasetHashes.keys) == ["summarization", "qa", "translation"])
        // 3 models × 3 datasets × 3 requests: one row per attempt, all ok.
        #expect(try database.requestCount(runId: run.id) == 27)
        var minTTFT: [String: Int64] = [:]
        for p in LatencyProfile.builtIn { minTTFT[p.name] = Int64(Double(p.minTTFTNs) * Self.timeScale) }
        var models: Set<String> = []
        try database.forEachRequest(runId: run.id) { rec in
            models.insert(rec.model)
            #expect(rec.status == .ok, "\(rec.model) \(rec.itemId): \(rec.errorKind?.rawValue ?? "") \(rec.errorMessage ?? "")")
            #expect(rec.httpStatus == 200)
            guard let sent = rec.sentNs, let ttft = rec.firstTokenNs, let done = rec.doneNs else {
                Issue.record("missing timings for \(rec.itemId)"); return
            }
            #expect(ttft - sent >= minTTFT[rec.model]!, "TTFT under the profile's minimum")
            #expect(rec.intendedStartNs! <= sent && ttft <= done)
            #expect(rec.usage?.source == .server)
            #expect((rec.usage?.outputTokens ?? 0) > 0 && !rec.responseText.isEmpty)
            #expect(!rec.chunkArrivalsNs.isEmpty)
        }
        #expect(models == ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"])
        #expect(try database.integrityCheck() == "ok")

        // Render again from the file alone, in every format.
        for format in ["markdown", "csv", "json"] {
            let again = try Binary.run(["report", "--db", db, "--format", format])
            #expect(again.status == 0, "report --format \(format): \(again.stderr)")
            #expect(!again.stdout.isEmpty)
        }
        let md = try Binary.run(["report", "--db", db]).stdout
        #expect(md.contains("Simulated"))
        #expect(md.contains("gpt-4o-mini") && md.contains("translation"))
        let csv = try Binary.run(["report", "--db", db, "--format", "csv", "--out", dir.appendingPathComponent("r.csv").path])
        #expect(csv.status == 0)
        let csvText = try String(contentsOf: dir.appendingPathComponent("r.csv"), encoding: .utf8)
        #expect(csvText.split(separator: "\r\n").count == 1 + 9 + 3)   // header, model × dataset, then model totals
    }

    @Test func malformedDatasetLineIsExit65WithFileLineAndField() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.jsonl")
        try """
        {"id": "a", "task": "qa", "context": "The sky is blue.", "question": "What colour?", "answers": ["blue"]}
        {"id": "b", "task": "qa", "context": "Grass is green.", "answers": ["green"]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("x.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--datasets", file.path, "--quiet"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(file.path):2: field \"question\""), "\(r.stderr)")
        // Nothing was sent and no database was written.
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func usageAndMissingInputExitCodes() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try Binary.run(["run", "--bogus"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("valid options"))
        #expect(try Binary.run(["run", "--concurrency", "zero"]).status == 64)
        #expect(try Binary.run(["nonsense"]).status == 64)
        #expect(try Binary.run(["run", "--datasets", dir.appendingPathComponent("none.jsonl").path, "--quiet"]).status == 66)
        #expect(try Binary.run(["report", "--db", dir.appendingPathComponent("none.sqlite").path]).status == 66)
        let help = try Binary.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("run") && help.stdout.contains("report"))
        for c in ["run", "report", "simulate"] {
            let h = try Binary.run([c, "--help"])
            #expect(h.status == 0 && h.stdout.contains("USAGE: llmbench \(c)"))
        }
    }
}
