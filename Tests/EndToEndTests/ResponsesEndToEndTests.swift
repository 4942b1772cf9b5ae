import Foundation
import Testing
import LLMBenchCore
import Store
@testable import Simulator

/// `kind: openai-responses` end to end: the built binary against a standalone `llmbench simulate`
/// over real HTTP on 127.0.0.1, rows read back from the SQLite file.
@Suite(.serialized) struct ResponsesEndToEndTests {
    struct Outcome {
        var rows: [RequestRecord]
        var report: JSONReport
        var stderr: String
    }

    /// One run of `models` (each a config model object; `base_url` is filled in) on `datasets`.
    static func run(_ models: [[String: Any]], datasets: String? = "qa", requests: Int = 3,
                    extra: [String] = [], expectStatus: Int32 = 0) throws -> Outcome {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try SimulatorProcess(["--time-scale", "0.02", "--seed", "5"])
        defer { sim.stop() }
        let filled = models.map { m -> [String: Any] in
            var m = m
            m["base_url"] = "http://127.0.0.1:\(sim.port)/v1"
            return m
        }
        let cfg = dir.appendingPathComponent("responses.json")
        try JSONSerialization.data(withJSONObject: ["models": filled]).write(to: cfg)
        let db = dir.appendingPathComponent("responses.sqlite").path
        let r = try Binary.run(["run", "--config", cfg.path, "--db", db] + (datasets.map { ["--datasets", $0] } ?? [])
                                + ["--requests", "\(requests)", "--quiet", "--format", "json"] + extra, timeout: 120)
        #expect(r.status == expectStatus, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        return Outcome(rows: rows, report: try JSONReport(r.stdout), stderr: r.stderr)
    }

    static func model(_ name: String, _ id: String = "gpt-4o-mini", _ more: [String: Any] = [:]) -> [String: Any] {
        var m: [String: Any] = ["name": name, "kind": "openai-responses", "model": id]
        for (k, v) in more { m[k] = v }
        return m
    }

    @Test func answersLandWithServerUsageAndTTFTEqualsTTFO() throws {
        let o = try Self.run([Self.model("resp-mini")], datasets: "qa,summarization", requests: 2)
        #expect(o.report.simulated == true)
        #expect(o.rows.count == 4)
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorKind?.rawValue ?? "") \(r.errorMessage ?? "")")
            #expect(r.usage?.source == .server)
            #expect((r.usage?.inputTokens ?? 0) > 0 && (r.usage?.outputTokens ?? 0) > 0)
            #expect(r.usage?.reasoningTokens == 0 && r.usage?.reasoningSource == .server)
            #expect(!r.responseText.isEmpty)
            #expect(r.finishReason == "stop")
            #expect(r.providerRequestId?.hasPrefix("req_") == true)
            #expect(r.firstTokenNs != nil && r.firstTokenNs == r.firstOutputNs)
        }
    }

    @Test func nonStreamedAnswersHaveNoTTFT() throws {
        let o = try Self.run([Self.model("resp-whole", "gpt-4o-mini", ["stream": false])], requests: 2)
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorMessage ?? "")")
            #expect(r.firstTokenNs == nil && r.firstOutputNs == nil)
            #expect(r.usage?.source == .server && !r.responseText.isEmpty)
        }
    }

    /// A model cap below the answer: `response.incomplete` (`max_output_tokens`) is an ok answer cut by length.
    @Test func incompleteAtTheCapIsOkWithFinishReasonLength() throws {
        let o = try Self.run([Self.model("resp-capped", "gpt-4o-mini", ["max_output_tokens": 16])], datasets: "summarization", requests: 2)
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorMessage ?? "")")
            #expect(r.finishReason == "length")
            #expect(r.usage?.outputTokens == 16)
        }
    }

    /// Faults forced through the simulator's `x-llmbench-fault` header: each maps to its bounded kind.
    @Test func failuresMapToTheirErrorKinds() throws {
        func faulted(_ kind: String) -> [String: Any] {
            Self.model("resp-\(kind)", "gpt-4o-mini", ["headers": ["x-llmbench-fault": kind]])
        }
        let o = try Self.run(["stream_error", "truncate", "http_429", "http_500"].map(faulted), requests: 2,
                             extra: ["--retries", "0"])
        let expected: [String: ErrorKind] = ["resp-stream_error": .streamError, "resp-truncate": .streamTruncated,
                                             "resp-http_429": .http429, "resp-http_500": .http5xx]
        #expect(o.rows.count == 8)
        for r in o.rows {
            #expect(r.status == .error, "\(r.model)")
            #expect(r.errorKind == expected[r.model], "\(r.model): \(r.errorKind?.rawValue ?? "nil") \(r.errorMessage ?? "")")
        }
        for r in o.rows where r.model == "resp-stream_error" {
            #expect(r.httpStatus == 200)
            #expect(r.errorMessage?.hasPrefix("server_error: ") == true, "\(r.errorMessage ?? "")")
        }
        for r in o.rows where r.model == "resp-http_429" { #expect(r.httpStatus == 429) }
        #expect(o.report.total(errorsMetric(.streamError)) == 2)
        #expect(o.report.total(errorsMetric(.streamTruncated)) == 2)
    }
}

extension ResponsesEndToEndTests {
    /// gpt-4o-mini in `datasets/pricing.json`: 150,000 pico-$ per input token, 75,000 per cached input
    /// token, 600,000 per output token, reasoning billed as output (no `reasoning_output` price).
    static func handCost(_ u: Usage) -> Int64 {
        Int64(u.inputTokens - u.cachedInputTokens) * 150_000 + Int64(u.cachedInputTokens) * 75_000
            + Int64(u.outputTokens) * 600_000
    }

    @Test func costsMatchTheHandCalculation() throws {
        let o = try Self.run([Self.model("resp-priced")], datasets: "qa,summarization", requests: 2)
        let rows = o.rows.filter { $0.status == .ok }
        #expect(rows.count == 4)
        let expected = rows.compactMap(\.usage).map(Self.handCost).reduce(0, +)
        // The JSON report gives dollars.
        let reported = o.report.groups.compactMap { ($0.metrics["cost_usd_total"] as? NSNumber)?.doubleValue }.reduce(0, +)
        #expect(expected > 0)
        #expect(abs(reported * 1e12 - Double(expected)) < 1, "report $\(reported), hand \(expected) pico-$")
    }
}

extension ResponsesEndToEndTests {
    /// gpt-5-mini with hidden reasoning: the server's reasoning count lands in `reasoning_tokens`, the
    /// answer tokens (output − reasoning) are exactly the pieces the simulator streamed, TTFO = TTFT.
    @Test func hiddenReasoningIsTheServersCountAndTTFOEqualsTTFT() throws {
        let o = try Self.run([Self.model("gpt-5-mini@responses", "gpt-5-mini", ["reasoning_effort": "low"])], requests: 3)
        #expect(o.rows.count == 3)
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorMessage ?? "")")
            let u = try #require(r.usage)
            #expect(u.source == .server && u.reasoningSource == .server)
            #expect(u.reasoningTokens > 0 && u.reasoningTokens <= u.outputTokens)
            #expect(u.answerTokens == TokenPieces.split(r.responseText).count, "\(u)")
            #expect(r.firstTokenNs != nil && r.firstTokenNs == r.firstOutputNs)
            #expect(r.finishReason == "stop")
        }
    }

    /// With `reasoning_summary`, the summary streams before the answer: TTFO > TTFT on every row, and
    /// reasoning is still the server's count (the summary is shorter than the reasoning).
    @Test func aStreamedSummaryMakesTTFOLaterThanTTFT() throws {
        let o = try Self.run([Self.model("gpt-5-mini@summary", "gpt-5-mini", ["reasoning_effort": "low", "reasoning_summary": "auto"])],
                             requests: 3)
        #expect(o.rows.count == 3)
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorMessage ?? "")")
            let u = try #require(r.usage)
            #expect(u.reasoningSource == .server && u.reasoningTokens > 0)
            #expect(u.answerTokens == TokenPieces.split(r.responseText).count, "\(u)")
            let first = try #require(r.firstTokenNs), output = try #require(r.firstOutputNs)
            #expect(output > first)
        }
        let ttft = try #require(o.report.groups.first?.metrics["ttft_ms_p50"] as? NSNumber).doubleValue
        let ttfo = try #require(o.report.groups.first?.metrics["ttfo_ms_p50"] as? NSNumber).doubleValue
        #expect(ttfo > ttft)
    }

    /// A shared 5,000-token prefix: the first request is not a cache hit, the next two read it (OpenAI
    /// caches 128-token blocks from 1,024 tokens); cost, reasoning cost and caching savings by hand
    /// from the catalog (gpt-5-mini: 250,000 p$ per input token, 25,000 cached, 2,000,000 output,
    /// reasoning billed as output).
    @Test func aSharedPrefixIsACacheHitAndCostsMatchTheCatalog() throws {
        let o = try Self.run([Self.model("gpt-5-mini@responses", "gpt-5-mini", ["reasoning_effort": "low"])], datasets: nil,
                             requests: 3, extra: ["--synthetic", "input=6000,output=20,shared_prefix=5000", "--concurrency", "1"])
        let rows = o.rows.sorted { $0.requestIndex < $1.requestIndex }
        #expect(rows.count == 3 && rows.allSatisfy { $0.status == .ok })
        let u = rows.compactMap(\.usage)
        #expect(u.count == 3)
        #expect(u[0].cachedInputTokens == 0)
        #expect(u[1].cachedInputTokens >= 4_096 && u[1].cachedInputTokens <= 5_005 && u[2].cachedInputTokens == u[1].cachedInputTokens, "\(u)")
        #expect(u[1].cachedInputTokens % 128 == 0)
        var cost: Int64 = 0, reasoning: Int64 = 0, savings: Int64 = 0
        for x in u {
            cost += Int64(x.inputTokens - x.cachedInputTokens) * 250_000 + Int64(x.cachedInputTokens) * 25_000 + Int64(x.outputTokens) * 2_000_000
            reasoning += Int64(x.reasoningTokens) * 2_000_000
            savings += Int64(x.cachedInputTokens) * (250_000 - 25_000)
        }
        let g = try #require(o.report.groups.first)
        func usd(_ k: String) -> Double? { (g.metrics[k] as? NSNumber)?.doubleValue }
        #expect(abs((usd("cost_usd_total") ?? -1) - Double(cost) / 1e12) < 1e-12, "\(String(describing: usd("cost_usd_total"))) vs \(cost) p$")
        #expect(abs((usd("reasoning_cost_usd_total") ?? -1) - Double(reasoning) / 1e12) < 1e-12)
        #expect(abs((usd("cache_savings_usd_total") ?? -1) - Double(savings) / 1e12) < 1e-12)
        #expect(savings > 0 && reasoning > 0)
    }
}
