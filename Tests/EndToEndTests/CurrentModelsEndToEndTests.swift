import Foundation
import Testing
import LLMBenchCore
import Store
@testable import Simulator

/// examples/current-models.json against a standalone `llmbench simulate`, over real HTTP: each kind's
/// reasoning and cache counts land in the normalised columns, TTFO > TTFT exactly when reasoning was
/// streamed, shared prefixes are cache hits after the first request, costs match the catalog by hand,
/// and a parameter the real API rejects comes back as that API's error with a bounded error kind.
@Suite(.serialized) struct CurrentModelsEndToEndTests {
    static let example = Binary.packageRoot.appendingPathComponent("examples/current-models.json")

    /// The example with its port moved and only the models in `keep` (all when nil), each passed through `edit`.
    static func config(port: Int, dir: URL, keep: Set<String>? = nil, edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let text = try String(contentsOf: example, encoding: .utf8).replacingOccurrences(of: "127.0.0.1:8089", with: "127.0.0.1:\(port)")
        var root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var models = (root["models"] as! [[String: Any]]).filter { keep?.contains($0["name"] as! String) ?? true }
        for i in models.indices { edit(&models[i]) }
        root["models"] = models
        let url = dir.appendingPathComponent("current.json")
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url.path
    }

    @Test func eachKindsReasoningLandsInTheNormalisedColumns() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02", "--seed", "5"])
        defer { sim.stop() }
        let db = dir.appendingPathComponent("r.sqlite").path
        let r = try Binary.run(["run", "--config", try Self.config(port: sim.port, dir: dir), "--db", db, "--datasets", "summarization",
                                "--requests", "3", "--quiet", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 15)
        for rec in rows {
            let what = "\(rec.model) \(rec.itemId)"
            #expect(rec.status == .ok, "\(what): \(rec.errorMessage ?? "")")
            let u = try #require(rec.usage, "\(what)")
            let first = try #require(rec.firstTokenNs), output = try #require(rec.firstOutputNs)
            #expect(u.source == .server && u.reasoningTokens > 0 && u.reasoningTokens <= u.outputTokens, "\(what): \(u)")
            // A thinking budget (Anthropic budget_tokens, Gemini thinkingBudget: 1,024 for effort low) bounds the thinking.
            if ["claude-sonnet-4-6", "gemini-2.5-flash"].contains(rec.model) { #expect(u.reasoningTokens <= 1_024, "\(what): \(u)") }
            switch rec.model {
            case "gpt-5-mini":
                // Hidden reasoning: counted by the server, nothing streamed, so TTFO = TTFT; the
                // answer tokens (output − reasoning) are exactly the pieces that were streamed.
                #expect(u.reasoningSource == .server && output == first, "\(what)")
                #expect(u.answerTokens == TokenPieces.split(rec.responseText).count, "\(what): \(u)")
            case "o4-mini@responses":
                // The Responses API: reasoning counted by the server; its summary streamed first (reasoning_summary).
                #expect(u.reasoningSource == .server && output > first, "\(what)")
                #expect(u.answerTokens == TokenPieces.split(rec.responseText).count, "\(what): \(u)")
            case "gemini-2.5-flash":
                // thoughtsTokenCount is the server's count; thoughts streamed first (include_thoughts).
                #expect(u.reasoningSource == .server && output > first, "\(what)")
                #expect(u.answerTokens == TokenPieces.split(rec.responseText).count, "\(what): \(u)")
            case "claude-sonnet-4-6", "qwen3-32b@vllm":
                // Thinking streamed; counted inside output only, so reasoning = output − the answer's estimate.
                #expect(u.reasoningSource == .estimated && output > first, "\(what)")
                #expect(u.reasoningTokens == max(0, u.outputTokens - TokenEstimate.tokens(in: rec.responseText)), "\(what): \(u)")
            default:
                Issue.record("unexpected model \(rec.model)")
            }
        }
        // A hidden-reasoning model's ITL spans the streamed answer only: (last − first output) / (answer − 1).
        let itls = rows.filter { $0.model == "gpt-5-mini" }.compactMap { rec -> Double? in
            guard let u = rec.usage, u.answerTokens > 1, let a = rec.firstOutputNs, let b = rec.lastTokenNs else { return nil }
            return Double(b - a) / 1e6 / Double(u.answerTokens - 1)
        }
        let group = try #require(try JSONReport(r.stdout).groups.first { $0.model == "gpt-5-mini" })
        #expect(itls.count == 3, "summaries run longer than one token")
        let reported = try #require((group.metrics["itl_ms_mean"] as? NSNumber)?.doubleValue)
        #expect(abs(reported - itls.reduce(0, +) / Double(itls.count)) < 1e-9, "\(reported) vs \(itls)")
        #expect((group.metrics["ttfo_ms_p50"] as? NSNumber)?.doubleValue == (group.metrics["ttft_ms_p50"] as? NSNumber)?.doubleValue)

        // Every view has TTFO beside TTFT; the article answers "when does the answer start" and "what does thinking cost".
        let article = try Binary.run(["report", "--db", db, "--view", "article"])
        #expect(article.status == 0, "\(article.stderr)")
        for label in ["TTFT p50 (ms)", "TTFO p50: answer starts (ms)", "Reasoning tokens per request, mean",
                      "Reasoning cost per request, mean ($)", "Reasoning share of cost", "Cache hit ratio", "Saved by prompt caching"] {
            #expect(article.stdout.contains(label), "\(label)")
        }
        let md = try Binary.run(["report", "--db", db])
        #expect(md.stdout.contains("| TTFT (ms) p50 |") || md.stdout.contains("TTFT"), "\(md.stdout.prefix(400))")
        #expect(md.stdout.contains("TTFO (answer starts)"))
    }

    @Test func aSharedPrefixIsACacheHitAfterTheFirstRequestAndCostsMatchTheCatalog() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02"])
        defer { sim.stop() }
        let db = dir.appendingPathComponent("c.sqlite").path
        let cfg = try Self.config(port: sim.port, dir: dir, keep: ["gpt-5-mini", "claude-sonnet-4-6", "gemini-2.5-flash"])
        let r = try Binary.run(["run", "--config", cfg, "--db", db, "--synthetic", "input=6000,output=20,shared_prefix=5000",
                                "--requests", "3", "--concurrency", "1", "--quiet", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        let byModel = Dictionary(grouping: rows, by: \.model).mapValues { $0.sorted { $0.requestIndex < $1.requestIndex } }
        #expect(byModel.count == 3)
        for (model, list) in byModel {
            #expect(list.count == 3 && list.allSatisfy { $0.status == .ok }, "\(model)")
            let u = list.compactMap(\.usage)
            #expect(u.count == 3)
            #expect(u[0].cachedInputTokens == 0, "\(model): the first request is not a hit")
            #expect(u[1].cachedInputTokens >= 4_096 && u[2].cachedInputTokens == u[1].cachedInputTokens, "\(model): \(u)")
            #expect(u[1].cachedInputTokens <= 5_005)
        }
        // Anthropic: the first request writes the prefix (system + shared prefix) to the 1-hour cache.
        let claude = try #require(byModel["claude-sonnet-4-6"]).compactMap(\.usage)
        let prefixTokens = TokenEstimate.tokens(in: "Continue the text.") + 5_000
        #expect(claude[0].cacheWriteTokens == prefixTokens && claude[0].cacheWrite1hTokens == prefixTokens)
        #expect(claude[1].cachedInputTokens == prefixTokens && claude[1].cacheWriteTokens == 0)

        // Cost by hand from the catalog (claude-sonnet-4-6: $3 in, $0.30 read, $3.75 5m write, $6 1h write,
        // $15 out, reasoning billed as output; µ$/1M tokens = p$ per token).
        var expected: Int64 = 0, savings: Int64 = 0, reasoning: Int64 = 0
        for x in claude {
            let uncached = Int64(x.inputTokens - x.cachedInputTokens - x.cacheWriteTokens)
            expected += uncached * 3_000_000 + Int64(x.cachedInputTokens) * 300_000
                + Int64(x.cacheWrite5mTokens) * 3_750_000 + Int64(x.cacheWrite1hTokens) * 6_000_000
                + Int64(x.outputTokens) * 15_000_000
            savings += Int64(x.cachedInputTokens + x.cacheWriteTokens) * 3_000_000
                - (Int64(x.cachedInputTokens) * 300_000 + Int64(x.cacheWrite5mTokens) * 3_750_000 + Int64(x.cacheWrite1hTokens) * 6_000_000)
            reasoning += Int64(x.reasoningTokens) * 15_000_000
        }
        let report = try JSONReport(r.stdout)
        let g = try #require(report.groups.first { $0.model == "claude-sonnet-4-6" })
        func usd(_ k: String) -> Double? { (g.metrics[k] as? NSNumber)?.doubleValue }
        #expect(abs((usd("cost_usd_total") ?? -1) - Double(expected) / 1e12) < 1e-12, "\(String(describing: usd("cost_usd_total"))) vs \(expected)")
        #expect(abs((usd("cache_savings_usd_total") ?? -1) - Double(savings) / 1e12) < 1e-12)
        #expect(savings > 0, "two reads of the prefix pay for its 1-hour write")
        #expect(abs((usd("reasoning_cost_usd_total") ?? -1) - Double(reasoning) / 1e12) < 1e-12)
        let hits = claude.reduce(0) { $0 + $1.cachedInputTokens }, input = claude.reduce(0) { $0 + $1.inputTokens }
        #expect(abs((usd("cache_hit_ratio") ?? -1) - Double(hits) / Double(input)) < 1e-12)
    }

    @Test func aRejectedParameterIsTheProvidersErrorWithABoundedKind() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02"])
        defer { sim.stop() }
        let db = dir.appendingPathComponent("e.sqlite").path
        let cfg = try Self.config(port: sim.port, dir: dir, keep: ["gpt-5-mini", "claude-sonnet-4-6"]) { m in
            if m["kind"] as? String == "openai" { m["max_tokens_param"] = "max_tokens" } else { m["temperature"] = 0.5 }
        }
        let r = try Binary.run(["run", "--config", cfg, "--db", db, "--datasets", "qa", "--requests", "1", "--quiet", "--format", "json"])
        #expect(r.status != 0 || r.stdout.contains("errors"), "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 2)
        for rec in rows {
            #expect(rec.status == .error && rec.httpStatus == 400 && rec.errorKind == .http4xx, "\(rec.model): \(String(describing: rec.errorKind))")
            let message = rec.errorMessage ?? ""
            #expect(message.contains(rec.model == "gpt-5-mini" ? "max_completion_tokens" : "temperature"), "\(message)")
        }
    }

    @Test func aReasoningEffortSweepRunsEverySegment() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.01"])
        defer { sim.stop() }
        let db = dir.appendingPathComponent("s.sqlite").path
        let cfg = try Self.config(port: sim.port, dir: dir, keep: ["gpt-5-mini", "claude-sonnet-4-6"]) { m in
            if m["kind"] as? String == "anthropic" { m["reasoning_budget_tokens"] = 1_500 }   // set aside by the sweep
        }
        // A tight lag limit would stop a load sweep; an effort sweep runs every segment regardless.
        let r = try Binary.run(["run", "--config", cfg, "--db", db, "--datasets", "qa", "--requests", "2", "--quiet",
                                "--format", "none", "--label", "effort", "--sweep", "reasoning_effort=low,high",
                                "--sweep-max-lag-ms", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let database = try Database.open(path: db, readOnly: true)
        defer { try? database.close() }
        var reasoning: [String: [String: Int]] = [:]
        for label in ["effort/reasoning_effort=low", "effort/reasoning_effort=high"] {
            let run = try database.resolveRun(label)
            let settings = try #require(RunSettings.decode(run.settingsJSON))
            for m in settings.models {
                #expect(m.reasoningEffort == String(label.split(separator: "=").last!) && m.reasoningBudgetTokens == nil, "\(label) \(m.name)")
            }
            try database.forEachRequest(runId: run.id) { rec in
                #expect(rec.status == .ok, "\(label) \(rec.model): \(rec.errorMessage ?? "")")
                reasoning[label, default: [:]][rec.model, default: 0] += rec.usage?.reasoningTokens ?? 0
            }
        }
        for model in ["gpt-5-mini", "claude-sonnet-4-6"] {
            let low = reasoning["effort/reasoning_effort=low"]?[model] ?? 0, high = reasoning["effort/reasoning_effort=high"]?[model] ?? 0
            #expect(low > 0 && high > 2 * low, "\(model): low \(low), high \(high)")
        }
    }

    /// TTFO > TTFT exactly when reasoning was streamed: the same Gemini model with thoughts hidden
    /// (no include_thoughts) still reports thoughtsTokenCount, but its first token is its answer.
    @Test func hiddenThoughtsKeepTTFOEqualToTTFT() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02"])
        defer { sim.stop() }
        let db = dir.appendingPathComponent("h.sqlite").path
        let cfg = try Self.config(port: sim.port, dir: dir, keep: ["gemini-2.5-flash"]) { m in m.removeValue(forKey: "include_thoughts") }
        let r = try Binary.run(["run", "--config", cfg, "--db", db, "--datasets", "qa", "--requests", "3", "--quiet", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.count == 3)
        for rec in rows {
            #expect(rec.status == .ok && rec.firstTokenNs != nil && rec.firstTokenNs == rec.firstOutputNs, "\(rec.itemId)")
            #expect(rec.usage?.reasoningSource == .server && (rec.usage?.reasoningTokens ?? 0) > 0)
        }
    }
}
