import Foundation
import Testing
import LLMBenchCore
import Store

/// Token counts through the real path (issue 14): the built binary against `CountingStreamServer`, counts
/// checked against `llmbench tokens` on the answer the server streamed (itself checked against tiktoken
/// in `TokensEndToEndTests`).
///
/// - a server that streams no usage, one token per event: `count_tokens: chunks` stores exactly the
///   number of events; with no `count_tokens` the stored output is the answer's count in the model's own
///   tokenizer (o200k_base for a model that is not OpenAI's, cl100k_base for gpt-4), recounted after
///   the run; `count_tokens: o200k` counts a gpt-4 in o200k_base;
/// - usage with `x-litellm-*` headers, or from a model marked `router`, is stored as `router`;
/// - every successful attempt carries its answer and prompt counted in o200k_base, and the report gives
///   the common-unit figures and the vendor ratio.
@Suite(.serialized) struct TokenCountingEndToEndTests {
    /// Forty tokens of mixed scripts, each its own event (several to a write).
    static let pieces: [String] = (0..<40).map { i in
        [" 東京", " the", "’s", " 42", " naïve", " café", " 서울", " مرحبا", " 🙂", " код"][i % 10]
    }

    /// The count of `text` in `encoding` from `llmbench tokens --whole-file`.
    static func count(_ text: String, _ encoding: String, dir: URL) throws -> Int {
        let file = dir.appendingPathComponent("answer-\(encoding).txt")
        try Data(text.utf8).write(to: file)
        let r = try Binary.run(["tokens", "--encoding", encoding, "--whole-file", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(Int(r.stdout.split(separator: "\n").first ?? ""))
    }

    struct Outcome {
        var rows: [String: [RequestRecord]]
        var report: JSONReport
    }

    /// `llmbench run` of `models` (name → extra config fields) against `server`, 3 qa requests each.
    static func run(_ server: CountingStreamServer, _ models: [(String, String, [String: Any])], dir: URL) throws -> Outcome {
        let list: [[String: Any]] = models.map { name, id, extra in
            var m: [String: Any] = ["name": name, "kind": "openai", "base_url": server.baseURL, "model": id]
            for (k, v) in extra { m[k] = v }
            return m
        }
        let cfg = dir.appendingPathComponent("counting-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: ["models": list]).write(to: cfg)
        let db = dir.appendingPathComponent("counting-\(UUID().uuidString).sqlite").path
        let r = try Binary.run(["run", "--config", cfg.path, "--db", db, "--datasets", "qa", "--requests", "3",
                                "--concurrency", "2", "--quiet", "--format", "json"], timeout: 60)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        return Outcome(rows: Dictionary(grouping: rows, by: \.model), report: try JSONReport(r.stdout))
    }

    static func modelTotal(_ report: JSONReport, _ model: String, _ name: String) -> Double? {
        let totals = report.root["model_totals"] as? [[String: Any]] ?? []
        let metrics = totals.first { $0["model"] as? String == model }?["metrics"] as? [String: Any]
        return (metrics?[name] as? NSNumber)?.doubleValue
    }

    @Test func aServerWithoutUsageIsCountedByEventsOrByTokenizer() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try CountingStreamServer(pieces: Self.pieces, shape: .noUsage, eventsPerWrite: 4)
        defer { server.stop() }
        let o200k = try Self.count(server.answer, "o200k_base", dir: dir)
        let cl100k = try Self.count(server.answer, "cl100k_base", dir: dir)
        #expect(o200k != Self.pieces.count && cl100k != o200k, "the text must tell the three counts apart")
        let out = try Self.run(server, [
            ("llama-chunks", "llama-3.1-8b", ["count_tokens": "chunks"]),
            ("llama-estimated", "llama-3.1-8b", [:]),
            ("gpt4-estimated", "gpt-4", [:]),
            ("gpt4-o200k", "gpt-4", ["count_tokens": "o200k"]),
        ], dir: dir)
        let want: [String: (TokenSource, Int)] = [
            "llama-chunks": (.chunks, Self.pieces.count), "llama-estimated": (.estimated, o200k),
            "gpt4-estimated": (.estimated, cl100k), "gpt4-o200k": (.o200k, o200k),
        ]
        for (model, (source, output)) in want {
            let rows = out.rows[model] ?? []
            #expect(rows.count == 3, "\(model)")
            for r in rows {
                #expect(r.status == .ok, "\(model): \(r.errorMessage ?? "")")
                #expect(r.responseText == server.answer)
                #expect(r.usage?.source == source, "\(model)")
                #expect(r.usage?.outputTokens == output, "\(model): stored \(r.usage?.outputTokens ?? -1), want \(output)")
                #expect(r.outputO200kTokens == o200k, "\(model)")
                #expect((r.inputO200kTokens ?? 0) > 0, "\(model)")
                if model == "llama-chunks" {
                    // Body reads held several events: counting reads would have stored fewer tokens.
                    #expect(r.chunkArrivalsNs.count < Self.pieces.count)
                }
            }
            #expect(Self.modelTotal(out.report, model, "tokens_source_\(source.rawValue)") == 3)
            // No vendor count to compare with: the ratio has no value; the common-unit speed has one.
            #expect(Self.modelTotal(out.report, model, "vendor_tokens_per_o200k_token") == nil)
            #expect((Self.modelTotal(out.report, model, "output_o200k_tokens_per_s") ?? 0) > 0)
        }
        // Prompts are counted in o200k_base whatever the model's encoding: one count per item.
        let prompts = Set(out.rows.values.flatMap { $0 }.map { "\($0.itemId) \($0.inputO200kTokens ?? -1)" })
        #expect(prompts.count == Set(out.rows.values.flatMap { $0 }.map(\.itemId)).count)
    }

    /// `--synthetic input=N` builds prompts of exactly N o200k tokens (system + user, as stored in
    /// `input_o200k_tokens`), from whole words; the simulator's ⌈bytes ÷ 4⌉ count agrees, by the word list's design.
    @Test func syntheticPromptsAreExactlyNO200kTokens() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("synthetic.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--synthetic",
                                "input=300,output=8,input_stddev=40,shared_prefix=100", "--requests", "6",
                                "--time-scale", "0.01", "--quiet", "--format", "none"], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        let (run, rows) = try storedRequests(db)
        #expect(rows.count == 6)
        let settings = try #require(RunSettings.decode(run.settingsJSON))
        #expect(settings.synthetic == "input=300,output=8,input_stddev=40,shared_prefix=100")
        // The user message's words are one token and four bytes each; only the system message
        // ("Continue the text.", llmbench's synthetic system prompt) counts differently in the two.
        let system = "Continue the text."
        let systemGap = TokenEstimate.tokens(in: system) - (try Self.count(system, "o200k_base", dir: dir))
        var lengths: Set<Int> = []
        for row in rows {
            let o200k = try #require(row.inputO200kTokens)
            #expect(row.usage?.inputTokens == o200k + systemGap, "the simulator's byte count agrees with o200k for the words")
            lengths.insert(o200k)
        }
        #expect(lengths.count > 1, "input_stddev varies the lengths")
        let dry = try Binary.run(["run", "--models", "gpt-4o-mini", "--synthetic", "input=300,output=8", "--requests", "2", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("600"), "dry run counts 2 × 300 prompt tokens: \(dry.stdout)")
    }

    @Test func usageThroughARouterIsLabelledAndTheVendorRatioRead() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try CountingStreamServer(pieces: Self.pieces, shape: .usage(promptTokens: 83, completionTokens: 999, litellmHeaders: true))
        defer { made.stop() }
        let plain = try CountingStreamServer(pieces: Self.pieces, shape: .usage(promptTokens: 150, completionTokens: 50, litellmHeaders: false))
        defer { plain.stop() }
        let o200k = try Self.count(made.answer, "o200k_base", dir: dir)

        let viaHeaders = try Self.run(made, [("behind-litellm", "llama-3.1-8b", [:])], dir: dir)
        for r in viaHeaders.rows["behind-litellm"] ?? [] {
            #expect(r.usage?.source == .router)
            #expect(r.usage?.outputTokens == 999 && r.usage?.inputTokens == 83, "the router's counts are kept as sent")
            #expect(r.outputO200kTokens == o200k)
        }
        #expect(Self.modelTotal(viaHeaders.report, "behind-litellm", "tokens_source_router") == 3)
        #expect(Self.modelTotal(viaHeaders.report, "behind-litellm", "vendor_tokens_per_o200k_token") == nil,
                "a router's counts are not the vendor's")

        let both = try Self.run(plain, [("configured-router", "llama-3.1-8b", ["router": true]),
                                        ("direct", "llama-3.1-8b", [:])], dir: dir)
        #expect((both.rows["configured-router"] ?? []).allSatisfy { $0.usage?.source == .router })
        #expect((both.rows["direct"] ?? []).allSatisfy { $0.usage?.source == .server && $0.usage?.outputTokens == 50 })
        let ratio = try #require(Self.modelTotal(both.report, "direct", "vendor_tokens_per_o200k_token"))
        #expect(abs(ratio - 50.0 / Double(o200k)) < 1e-9, "vendor ÷ o200k = 50 / \(o200k), got \(ratio)")
    }
}
