import Foundation
import Testing
import LLMBenchCore
import Store

/// Reasoning the client never sees must not dilute the answer's figures (issue 10, case 1): the
/// built binary against `ReasoningStreamServer`, which streams 10 answer tokens 50 ms apart and
/// reports 1,010 output tokens, 1,000 of them reasoning (OpenAI hidden reasoning, Gemini hidden
/// thoughts, Anthropic thinking streamed as a summary before the answer). Every expectation is checked against the
/// server's own record of when it sent each answer chunk, never against a wall-clock bound.
///
/// ITL = (last answer token − first answer token) ÷ (answer tokens − 1), answer tokens = output −
/// reasoning = 10, so its denominator is 9; `request_output_tokens_per_s` counts those 10 tokens.
@Suite(.serialized) struct HiddenReasoningEndToEndTests {
    static let answerTokens = 10
    static let reasoningTokens = 1000
    static let requests = 3

    struct Outcome {
        var rows: [RequestRecord]
        /// The report's one group (model, qa).
        var metrics: [String: Any]
        /// Per response, the server's send time (monotonic ns) of each answer chunk.
        var serverStreams: [[Int64]]
    }

    /// `llmbench run --config <one model at the server> --requests 3 --format json`, kind `openai` or
    /// `anthropic`; the key variable holds a dummy.
    static func run(kind: String) throws -> Outcome {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try ReasoningStreamServer(answerTokens: answerTokens, reasoningTokens: reasoningTokens, gapMs: 50)
        defer { server.stop() }
        let base = kind == "gemini" ? "http://127.0.0.1:\(server.port)/v1beta" : server.baseURL
        let model: [String: Any] = ["name": "reasoner-\(kind)", "kind": kind, "base_url": base,
                                    "model": "reasoner", "api_key_env": "REASONING_TEST_KEY",
                                    "limits": ["max_concurrency": requests]]
        let cfg = dir.appendingPathComponent("reasoning.json")
        try JSONSerialization.data(withJSONObject: ["models": [model]]).write(to: cfg)
        let db = dir.appendingPathComponent("reasoning.sqlite").path
        let r = try Binary.run(["run", "--config", cfg.path, "--db", db, "--datasets", "qa", "--requests", "\(requests)",
                                "--quiet", "--format", "json"], env: ["REASONING_TEST_KEY": "dummy-key"], timeout: 60)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        let report = try JSONReport(r.stdout)
        #expect(report.groups.count == 1)
        return Outcome(rows: rows, metrics: report.groups.first?.metrics ?? [:], serverStreams: server.streams)
    }

    static func number(_ metrics: [String: Any], _ name: String) -> Double? { (metrics[name] as? NSNumber)?.doubleValue }

    static func median(_ values: [Double]) -> Double? { Percentile.linear(values.sorted(), 0.5) }

    /// What every run must have stored, whichever provider.
    static func expectStoredRows(_ o: Outcome) {
        #expect(o.rows.count == requests)
        #expect(o.serverStreams.count == requests)
        #expect(o.serverStreams.allSatisfy { $0.count == answerTokens })
        for r in o.rows {
            #expect(r.status == .ok, "\(r.errorKind?.rawValue ?? "") \(r.errorMessage ?? "")")
            #expect(r.attempt == 0)
            #expect(r.usage?.outputTokens == answerTokens + reasoningTokens)
            #expect(r.usage?.reasoningTokens == reasoningTokens)
            #expect(r.usage?.answerTokens == answerTokens)
            #expect(r.responseText == (0..<answerTokens).map(ReasoningStreamServer.answerPiece).joined())
        }
    }

    /// The report's `itl_ms_p50` is the median over requests of (last token − first output) ÷ 9 from
    /// the stored rows, and lies within half the server's smallest gap ÷ 9 of the median of the
    /// server's own (last − first answer send) ÷ 9. (If every client value is within t of its
    /// request's truth, the medians are within t too.) Dividing by 1,009 would be 112× too low.
    static func expectAnswerITL(_ o: Outcome) throws {
        let p50 = try #require(number(o.metrics, "itl_ms_p50"), "itl_ms_p50 missing or null: \(o.metrics["itl_ms_p50"] ?? "nil")")
        #expect(number(o.metrics, "itl_ms_count") == Double(requests))

        // 1. The denominator, from the stored rows: answer tokens − 1 = 9.
        let fromRows = o.rows.compactMap { r -> Double? in
            guard let first = r.firstOutputNs, let last = r.lastTokenNs else { return nil }
            return Double(last - first) / 1e6 / Double(answerTokens - 1)
        }
        #expect(fromRows.count == requests)
        let rowsMedian = try #require(median(fromRows))
        #expect(abs(p50 - rowsMedian) <= 1e-6 * max(1, rowsMedian), "itl_ms_p50 \(p50) ms; (last − first output)/9 of the rows: \(fromRows)")

        // 2. The truth, from the server's send times.
        let truth = o.serverStreams.map { s in Double(s.last! - s.first!) / 1e6 / Double(answerTokens - 1) }
        let gaps = o.serverStreams.flatMap { s in zip(s, s.dropFirst()).map { Double($1 - $0) / 1e6 } }
        let minGap = try #require(gaps.min())
        let tolerance = minGap / 2 / Double(answerTokens - 1)
        let truthMedian = try #require(median(truth))
        #expect(abs(p50 - truthMedian) <= tolerance,
                "itl_ms_p50 \(p50) ms vs the server's \(truthMedian) ms (tolerance \(tolerance) ms, smallest gap \(minGap) ms)")
    }

    /// `request_output_tokens_per_s` p50 is N ÷ D for one request, with D at least that request's
    /// answer span (first output → last token) and at most its whole e2e (sent → done). Whatever the
    /// exact D, the token count N = p50 × D lies between p50 × (smallest answer span) and p50 ×
    /// (largest e2e) of the rows: 10 must lie there (1,010 would be ~100× outside).
    static func expectAnswerTokensPerSecond(_ o: Outcome) throws {
        let p50 = try #require(number(o.metrics, "request_output_tokens_per_s_p50"),
                               "request_output_tokens_per_s_p50 missing or null")
        let spans = o.rows.compactMap { r in r.firstOutputNs.flatMap { f in r.lastTokenNs.map { Double($0 - f) / 1e9 } } }
        let e2es = o.rows.compactMap { r in r.sentNs.flatMap { s in r.doneNs.map { Double($0 - s) / 1e9 } } }
        let shortest = try #require(spans.min()), longest = try #require(e2es.max())
        let low = p50 * shortest, high = p50 * longest
        #expect(low <= Double(answerTokens) * (1 + 1e-9) && Double(answerTokens) <= high * (1 + 1e-9),
                "request_output_tokens_per_s_p50 \(p50): implies \(low)…\(high) tokens, not \(answerTokens)")
    }

    // MARK: OpenAI, hidden reasoning (o-series / gpt-5)

    @Test func openAIHiddenReasoningIsStoredAsTheServersCount() throws {
        let o = try Self.run(kind: "openai")
        Self.expectStoredRows(o)
        for r in o.rows {
            #expect(r.usage?.source == .server)
            #expect(r.usage?.reasoningSource == .server)
            #expect(r.usage?.answerTokensEstimated == false)
            // Nothing but the answer streamed: the first token is the first output.
            #expect(r.firstTokenNs != nil && r.firstTokenNs == r.firstOutputNs)
        }
    }

    /// Waits on the metrics branch (answer-based ITL).
    @Test func openAIHiddenReasoningITLIsTheAnswersPace() throws {
        try Self.expectAnswerITL(try Self.run(kind: "openai"))
    }

    /// Waits on the metrics branch (answer-based per-request speed).
    @Test func openAIHiddenReasoningTokensPerSecondCountsTheAnswer() throws {
        try Self.expectAnswerTokensPerSecond(try Self.run(kind: "openai"))
    }

    // MARK: OpenAI Responses, hidden reasoning (no reasoning.summary)

    @Test func responsesHiddenReasoningIsTheServersCountAndITLTheAnswersPace() throws {
        let o = try Self.run(kind: "openai-responses")
        Self.expectStoredRows(o)
        for r in o.rows {
            #expect(r.usage?.source == .server)
            #expect(r.usage?.reasoningSource == .server)
            #expect(r.finishReason == "stop")
            #expect(r.firstTokenNs != nil && r.firstTokenNs == r.firstOutputNs)
        }
        try Self.expectAnswerITL(o)
        try Self.expectAnswerTokensPerSecond(o)
    }

    // MARK: Gemini without includeThoughts (thoughtsTokenCount apart from candidatesTokenCount)

    @Test func geminiHiddenThoughtsAreStoredAsTheServersCount() throws {
        let o = try Self.run(kind: "gemini")
        Self.expectStoredRows(o)
        for r in o.rows {
            #expect(r.usage?.source == .server)
            #expect(r.usage?.reasoningSource == .server)
            #expect(r.usage?.answerTokensEstimated == false)
            #expect(r.firstTokenNs != nil && r.firstTokenNs == r.firstOutputNs)
        }
    }

    /// Waits on the metrics branch (answer-based ITL and per-request speed).
    @Test func geminiHiddenThoughtsITLIsTheAnswersPace() throws {
        let o = try Self.run(kind: "gemini")
        try Self.expectAnswerITL(o)
        try Self.expectAnswerTokensPerSecond(o)
    }

    // MARK: Anthropic, thinking inside output_tokens

    @Test func anthropicThinkingIsStoredAsAnEstimate() throws {
        let o = try Self.run(kind: "anthropic")
        Self.expectStoredRows(o)
        for r in o.rows {
            // output_tokens is the server's; the split into reasoning and answer is llmbench's estimate.
            #expect(r.usage?.source == .server)
            #expect(r.usage?.reasoningSource == .estimated)
            #expect(r.usage?.answerTokensEstimated == true)
            // The thinking deltas came first: TTFT < TTFO.
            if let t = r.firstTokenNs, let f = r.firstOutputNs { #expect(t < f) } else { Issue.record("no TTFT/TTFO") }
        }
    }

    /// Waits on the metrics branch (answer-based ITL): thinking deltas are out of both span and count.
    @Test func anthropicThinkingITLIsTheAnswersPace() throws {
        let o = try Self.run(kind: "anthropic")
        try Self.expectAnswerITL(o)
        try Self.expectAnswerTokensPerSecond(o)
    }
}
