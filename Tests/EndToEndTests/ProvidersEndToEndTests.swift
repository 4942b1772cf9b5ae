import Foundation
import Testing
import LLMBenchCore
import Store

/// examples/all-providers.json against a standalone `llmbench simulate`: five models over the three
/// wire formats (OpenAI, Anthropic Messages, Gemini), real HTTP on 127.0.0.1, one SQLite file.
@Suite(.serialized) struct ProvidersEndToEndTests {
    @Test func allProvidersConfigRunsSideBySideWithServerUsage() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02", "--seed", "3"])
        defer { sim.stop() }
        let config = try ProvidersConfig.write(port: sim.port, to: dir)
        let db = dir.appendingPathComponent("providers.sqlite").path

        let r = try Binary.run(["run", "--config", config.path, "--db", db, "--requests", "2", "--quiet", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = try JSONReport(r.stdout)
        // Kinds openai/anthropic/gemini, but every answer carried x-llmbench-simulator.
        #expect(report.simulated == true)

        let expected = try ProvidersConfig.exampleModels()
        #expect(expected.count == 5)
        #expect(Set(expected.map(\.kind)) == ["openai", "anthropic", "gemini"])
        let names = Set(expected.map(\.name))

        // 5 models × 3 datasets × 2 requests, every one ok, TTFT and server usage filled.
        let (run, rows) = try storedRequests(db)
        #expect(run.simulated && run.status == .completed)
        #expect(rows.count == 30)
        #expect(Set(rows.map(\.model)) == names)
        for rec in rows {
            let what = "\(rec.model) \(rec.dataset) \(rec.itemId)"
            #expect(rec.status == .ok, "\(what): \(rec.errorKind?.rawValue ?? "") \(rec.errorMessage ?? "")")
            #expect(rec.httpStatus == 200, "\(what)")
            #expect(rec.firstTokenNs != nil && rec.sentNs != nil && rec.firstTokenNs! >= rec.sentNs!, "\(what): TTFT")
            #expect(rec.usage?.source == .server, "\(what): tokens_source")
            #expect((rec.usage?.inputTokens ?? 0) > 0 && (rec.usage?.outputTokens ?? 0) > 0, "\(what): usage")
            #expect(!rec.responseText.isEmpty, "\(what): text")
            #expect(rec.rateLimitHeaders["x-llmbench-simulator"] != nil, "\(what): simulator header")
            #expect(rec.providerRequestId != nil, "\(what): provider request id")
        }
        // The model each format actually served is stored (the router alias serves gpt-4o-mini).
        for rec in rows where rec.model == "gpt-4o-mini@router" { #expect(rec.servedModel == "gpt-4o-mini") }

        // The JSON report: one group per model × dataset, TTFT and provenance filled for each.
        #expect(report.groups.count == 15)
        for g in report.groups {
            #expect(names.contains(g.model))
            #expect((g.metrics["requests"] as? NSNumber)?.intValue == 2, "\(g.model) \(g.dataset)")
            #expect((g.metrics["errors"] as? NSNumber)?.intValue == 0, "\(g.model) \(g.dataset)")
            #expect((g.metrics["ttft_ms_p50"] as? NSNumber).map { $0.doubleValue > 0 } == true, "\(g.model) \(g.dataset) TTFT")
            #expect((g.metrics["tokens_source_server"] as? NSNumber)?.intValue == 2, "\(g.model) \(g.dataset)")
            #expect((g.metrics["tokens_source_estimated"] as? NSNumber)?.intValue == 0)
            #expect((g.metrics["output_tokens_mean"] as? NSNumber).map { $0.doubleValue > 0 } == true)
        }

        // The Markdown report puts the five models side by side in one table header per dataset.
        let md = try Binary.run(["report", "--db", db])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("Simulated"))
        let headers = md.stdout.split(separator: "\n").filter { $0.hasPrefix("| Metric |") }
        #expect(headers.count >= 3)
        for h in headers { for n in names { #expect(h.contains("| \(n) |"), "\(n) missing in \(h)") } }

        // The simulator counted exactly the requests the database holds, on each format's path.
        let stopped = sim.stop()
        #expect(stopped.status == 0)
        #expect(stopped.stderr.contains("stopped after 30 requests (0 faults injected)"), "\(stopped.stderr)")
    }

    @Test func shippedExampleParsesAsADryRun() throws {
        let r = try Binary.run(["run", "--config", ProvidersConfig.example.path, "--dry-run", "--requests", "2"],
                               cwd: Binary.packageRoot)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        for (name, _) in try ProvidersConfig.exampleModels() { #expect(r.stdout.contains(name), "\(name) not in the dry run") }
        // Every base_url is the documented local simulator port.
        let text = try String(contentsOf: ProvidersConfig.example, encoding: .utf8)
        let urls = text.components(separatedBy: "\"base_url\": \"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
        #expect(urls.count == 5)
        for u in urls { #expect(u.hasPrefix("http://127.0.0.1:8089/"), "\(u)") }
    }

    /// The shipped config for the real APIs: without its keys, exit 65 naming every variable; with
    /// them (placeholders), a dry run exits 0 and sends nothing (no network when we can isolate it).
    @Test func realAPIsExampleNamesItsKeysAndDryRuns() throws {
        let example = Binary.packageRoot.appendingPathComponent("examples/compare-minis.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as! [String: Any]
        let vars = Set((root["models"] as! [[String: Any]]).compactMap { $0["api_key_env"] as? String })
        #expect(vars.isSuperset(of: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"]))
        let missing = try Binary.run(["run", "--config", example.path, "--dry-run", "--requests", "1"])
        #expect(missing.status == 65)
        for v in vars { #expect(missing.stderr.contains(v), "\(v) not named: \(missing.stderr)") }
        var env: [String: String] = [:]
        for v in vars { env[v] = "placeholder-\(v.lowercased())" }
        let dry = try Binary.run(["run", "--config", example.path, "--dry-run", "--requests", "1"], env: env,
                                 isolatedNetwork: Binary.canIsolateNetwork)
        #expect(dry.status == 0, "\(dry.stderr)")
        for v in vars { #expect(!dry.stdout.contains("placeholder-\(v.lowercased())") && !dry.stderr.contains("placeholder-")) }
    }
}
