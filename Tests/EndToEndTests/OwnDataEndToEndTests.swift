import Foundation
import Testing
import LLMBenchCore
import Store

/// A team's own data through the built binary against the embedded simulator: a CSV with a manifest
/// and a custom template, a JSONL with mapped fields and numeric ids, a prompt-only dataset.
@Suite(.serialized) struct OwnDataEndToEndTests {
    static let quick = ["--models", "gpt-4o-mini", "--time-scale", "0.02", "--quiet", "--concurrency", "2"]

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func scores(_ db: Database, _ runId: String) throws -> [String] {
        var names: [String] = []
        try db.forEachScore(runId: runId) { names.append($0.metric) }
        return names
    }

    @Test func csvWithAManifestAndACustomTemplate() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try write("ticket,body,reply\r\n101,\"Order #12 is late, please help\",We are sorry; it ships today.\r\n"
                      + "102,\"The app says \"\"error 5\"\"\non start\",Reinstall the app.\r\n", "tickets.csv", in: dir)
        _ = try write("You answer support tickets in one sentence.", "system.txt", in: dir)
        let manifest = try write(#"""
        {"data": "tickets.csv", "name": "support", "task": "summarization",
         "fields": {"id": "ticket", "document": "body", "summary": "reply"},
         "template": "support-template.json", "max_output_tokens": 48}
        """#, "support.json", in: dir)
        _ = try write(#"{"system": "You answer support tickets in one sentence.", "user": "Ticket {id}:\n{body}"}"#,
                      "support-template.json", in: dir)
        let db = dir.appendingPathComponent("r.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--datasets", manifest, "--requests", "2", "--format", "json"] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let run = json?["run"] as? [String: Any] ?? json ?? [:]
        #expect((run["dataset_tasks"] as? [String: String]) == ["support": "summarization"], "\(r.stdout.prefix(600))")

        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let info = try database.resolveRun("latest")
        #expect(info.datasetTasks == ["support": "summarization"])
        // SHA-256 over system, NUL, user: the template as sent, whatever file form it came in.
        var bytes = Array("You answer support tickets in one sentence.".utf8)
        bytes.append(0)
        bytes += Array("Ticket {id}:\n{body}".utf8)
        #expect(info.templateHashes == ["support": SHA256.hex(of: bytes)])
        var ids: [String] = []
        try database.forEachRequest(runId: info.id) { rec in
            ids.append(rec.itemId)
            #expect(rec.status == .ok && rec.dataset == "support")
        }
        #expect(ids.sorted() == ["101", "102"])
        #expect(try scores(database, info.id).contains("rougeL"))
        let settings = RunSettings.decode(info.settingsJSON)
        #expect(settings?.datasets == [manifest])
    }

    @Test func jsonlWithMappedFieldsAndNumericIds() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = (1...3).map { #"{"id": \#($0), "article": "Article \#($0) says the bridge opens in May after repairs.", "highlights": "Bridge opens in May."}"# }
        let file = try write(lines.joined(separator: "\n") + "\n", "cnn.jsonl", in: dir)
        let db = dir.appendingPathComponent("r.sqlite").path
        // Without a mapping: one error naming the first line, then a count, and nothing sent.
        let before = try Binary.run(["run", "--db", db, "--datasets", file] + Self.quick)
        #expect(before.status == 65)
        let shown = before.stderr.split(separator: "\n")
        #expect(shown.count == 2 && shown[0].contains("cnn.jsonl:1: field \"task\" is missing"), "\(before.stderr)")
        #expect(shown.last?.hasSuffix("… and 2 more lines share this problem (lines 2–3)") == true)

        let r = try Binary.run(["run", "--db", db, "--datasets", file, "--fields", "document=article,summary=highlights",
                                "--requests", "3", "--format", "none"] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let info = try database.resolveRun("latest")
        var ids: [String] = []
        try database.forEachRequest(runId: info.id) { ids.append($0.itemId) }
        #expect(ids.sorted() == ["1", "2", "3"])
        #expect(info.datasetTasks == ["cnn": "summarization"] && info.templateHashes.isEmpty)
        #expect(try scores(database, info.id).filter { $0 == "rouge1" }.count == 3)
        #expect(RunSettings.decode(info.settingsJSON)?.fields == "document=article,summary=highlights")
        // rescore reads the file the way the run did (with its --fields).
        let rescore = try Binary.run(["rescore", "--db", db])
        #expect(rescore.status == 0 && rescore.stdout.contains("3 responses scored"), "\(rescore.stderr)")
    }

    @Test func promptOnlyDatasetRunsForLatencyAndCostAndIsNotScored() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try write("prompt\nWrite a haiku about the sea.\n\"Explain TCP, briefly.\"\nName three rivers.\n", "prompts.csv", in: dir)
        let db = dir.appendingPathComponent("r.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--datasets", file, "--requests", "3", "--format", "markdown"] + Self.quick)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("### Dataset: prompts") && r.stdout.contains("Quality: not scored"))
        #expect(!r.stdout.contains("(score)"), "no score rows for a prompt-only dataset")
        #expect(r.stdout.contains("Total cost of the run (USD)") && r.stdout.contains("TTFT p50 (ms)"))

        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        let info = try database.resolveRun("latest")
        #expect(info.datasetTasks == ["prompts": "prompt"])
        var ok = 0
        try database.forEachRequest(runId: info.id) { if $0.status == .ok { ok += 1 } }
        #expect(ok == 3)
        #expect(try scores(database, info.id).isEmpty)
        let json = try Binary.run(["report", "--db", db, "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"datasets_not_scored\"") && json.stdout.contains("\"prompts\""))
    }
}
