import Foundation
import Testing
import LLMBenchCore
import Store

/// `kind: openai-responses` end to end: the built binary against a standalone `llmbench simulate`
/// over real HTTP on 127.0.0.1, rows read back from the SQLite file.
@Suite(.serialized) struct ResponsesEndToEndTests {
    struct Outcome {
        var rows: [RequestRecord]
        var report: JSONReport
        var stderr: String
    }

    /// One run of `models` (each a config model object; `base_url` is filled in) on `datasets`.
    static func run(_ models: [[String: Any]], datasets: String = "qa", requests: Int = 3,
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
        let r = try Binary.run(["run", "--config", cfg.path, "--db", db, "--datasets", datasets, "--requests", "\(requests)",
                                "--quiet", "--format", "json"] + extra, timeout: 120)
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
