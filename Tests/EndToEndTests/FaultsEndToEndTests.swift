import Foundation
import Testing
import LLMBenchCore
import Simulator
import Store

/// Every fault the simulator injects, end to end: the built binary against the simulator over real
/// HTTP, the failures classified into `error_kind`, counted in the database and in the JSON report
/// (`errors_<kind>`) exactly as often as the simulator injected them. Failures are data: exit 0.
@Suite(.serialized) struct FaultsEndToEndTests {
    /// A fault, the flags a run needs to notice it quickly, and what an OpenAI client records.
    struct Case: Sendable, CustomTestStringConvertible {
        var fault: FaultKind
        var flags: [String]
        var expected: ErrorKind
        var testDescription: String { fault.rawValue }
    }

    /// Short client timeouts: the simulator's stall and slow first byte last 2 s (not time-scaled).
    static let cases: [Case] = [
        Case(fault: .http429, flags: [], expected: .http429),
        Case(fault: .overloaded, flags: [], expected: .overloaded),
        Case(fault: .http500, flags: [], expected: .http5xx),
        Case(fault: .streamError, flags: [], expected: .streamError),
        Case(fault: .truncate, flags: [], expected: .streamTruncated),
        Case(fault: .stall, flags: ["--idle-timeout", "600ms"], expected: .timeoutIdle),
        Case(fault: .slowFirstByte, flags: ["--first-byte-timeout", "600ms"], expected: .timeoutFirstByte),
    ]

    /// Rate 1.0 on the embedded simulator: every one of the 3 requests fails, each the same way.
    @Test(arguments: cases) func embeddedSimulatorAtRateOne(_ c: Case) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("f.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "3",
                                "--seed", "11", "--time-scale", "0.02", "--faults", "\(c.fault.rawValue)=1.0",
                                "--quiet", "--format", "json"] + c.flags)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (run, rows) = try storedRequests(db)
        #expect(run.status == .completed)
        #expect(rows.count == 3)
        for rec in rows {
            #expect(rec.status == .error)
            #expect(rec.errorKind == c.expected, "\(rec.errorKind?.rawValue ?? "nil"): \(rec.errorMessage ?? "")")
            #expect(rec.errorMessage?.isEmpty == false)
        }
        if c.fault == .http429 {
            for rec in rows {
                #expect(rec.httpStatus == 429)
                #expect(rec.rateLimitHeaders["retry-after"] == "1", "\(rec.rateLimitHeaders)")
                #expect(rec.rateLimitHeaders["x-ratelimit-remaining-requests"] == "0")
            }
        }
        if c.fault == .slowFirstByte { #expect(rows.allSatisfy { $0.httpStatus == nil && $0.firstByteNs == nil }) }
        if c.fault == .stall || c.fault == .streamError || c.fault == .truncate {
            // The failure came inside a 200 response.
            #expect(rows.allSatisfy { $0.httpStatus == 200 })
        }
        let report = try JSONReport(r.stdout)
        #expect(report.total("errors") == 3)
        #expect(report.total(errorsMetric(c.expected)) == 3)
        for k in ErrorKind.allCases where k != c.expected { #expect(report.total(errorsMetric(k)) == 0, "\(k)") }
        // Latency figures take successful attempts only: there are none.
        #expect(report.groups.allSatisfy { ($0.metrics["e2e_ms_count"] as? NSNumber)?.intValue ?? 0 == 0 })
    }

    /// Rate 1.0 per wire format (the five models of examples/all-providers.json): each provider's
    /// form of the fault lands in the documented kind, and the counts equal what the server injected.
    @Test(arguments: cases) func eachProviderClassifiesTheFault(_ c: Case) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = SimulatorConfig(faults: FaultConfig(rates: [c.fault: 1.0]), seed: 11, timeScale: 0.02)
        let server = SimulatorServer(config: config)
        let port = try server.start()
        defer { server.stop() }
        let cfg = try ProvidersConfig.write(port: Int(port), to: dir)
        let db = dir.appendingPathComponent("p.sqlite").path
        let r = try Binary.run(["run", "--config", cfg.path, "--db", db, "--datasets", "qa", "--requests", "2",
                                "--quiet", "--format", "json"] + c.flags)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        let kinds = Dictionary(uniqueKeysWithValues: try ProvidersConfig.exampleModels().map { ($0.name, $0.kind) })
        #expect(rows.count == 10)
        #expect(server.stats.requests == 10)
        #expect(server.stats.faultsInjected[c.fault] == 10)
        for rec in rows {
            // A mid-stream error event is how Anthropic (overloaded_error) and Gemini (UNAVAILABLE)
            // report overload; OpenAI's is a generic server error.
            let want: ErrorKind = c.fault == .streamError && kinds[rec.model] != "openai" ? .overloaded : c.expected
            #expect(rec.status == .error)
            #expect(rec.errorKind == want, "\(rec.model): \(rec.errorKind?.rawValue ?? "nil") \(rec.errorMessage ?? "")")
        }
        let report = try JSONReport(r.stdout)
        #expect(report.total("errors") == 10)
        for (model, kind) in kinds {
            let want: ErrorKind = c.fault == .streamError && kind != "openai" ? .overloaded : c.expected
            #expect(report.total(errorsMetric(want), model: model) == 2, "\(model)")
        }
        if c.fault == .http429 {
            // Retry-After is recorded for every provider; the quota headers each provider sends too.
            #expect(rows.allSatisfy { $0.rateLimitHeaders["retry-after"] == "1" })
            #expect(rows.filter { kinds[$0.model] == "anthropic" }.allSatisfy {
                $0.rateLimitHeaders["anthropic-ratelimit-requests-remaining"] == "0" })
        }
    }

    /// Mixed faults at fractional rates with a seed: the simulator decides from (seed, request
    /// sequence number), so over the same number of requests it injects the same number of each
    /// kind. A run against a simulator we can read (in this process, same seed and rates) gives the
    /// expected counts; the embedded simulator's run must store and report exactly those.
    @Test func seededRatesGiveTheInjectedCountsInTheReport() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = "http_429=0.12,overloaded=0.1,http_500=0.1,stream_error=0.1,truncate=0.1,stall=0.06,slow_first_byte=0.06"
        let seed: UInt64 = 42
        let common = ["--requests", "5", "--quiet", "--format", "json", "--idle-timeout", "600ms", "--first-byte-timeout", "600ms"]
        let map: [FaultKind: ErrorKind] = [.http429: .http429, .overloaded: .overloaded, .http500: .http5xx,
                                           .streamError: .streamError, .truncate: .streamTruncated,
                                           .stall: .timeoutIdle, .slowFirstByte: .timeoutFirstByte]

        // 1. The reference: the same three OpenAI-format models against an in-process simulator.
        let server = SimulatorServer(config: SimulatorConfig(faults: try FaultConfig.parse(spec), seed: seed, timeScale: 0.02))
        let port = try server.start()
        defer { server.stop() }
        let models = RunSessionDefaults.models.map {
            ["name": $0, "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1", "model": $0] }
        let cfg = dir.appendingPathComponent("openai.json")
        try JSONSerialization.data(withJSONObject: ["models": models]).write(to: cfg)
        let refDB = dir.appendingPathComponent("ref.sqlite").path
        let ref = try Binary.run(["run", "--config", cfg.path, "--db", refDB] + common)
        #expect(ref.status == 0, "stderr: \(ref.stderr)")
        let injected = server.stats.faultsInjected
        #expect(server.stats.requests == 45)
        #expect(injected.values.reduce(0, +) > 0 && injected.count >= 4, "\(injected)")

        // 2. The embedded simulator, same seed and rates, same 45 requests.
        let db = dir.appendingPathComponent("embedded.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--seed", "\(seed)", "--time-scale", "0.02", "--faults", spec] + common)
        #expect(r.status == 0, "stderr: \(r.stderr)")

        for (path, output) in [(refDB, ref.stdout), (db, r.stdout)] {
            let (run, rows) = try storedRequests(path)
            #expect(run.status == .completed)
            #expect(rows.count == 45)
            let report = try JSONReport(output)
            for (fault, kind) in map {
                let want = injected[fault] ?? 0
                #expect(rows.filter { $0.errorKind == kind }.count == want, "\(path): \(kind.rawValue) in the database")
                #expect(report.total(errorsMetric(kind)) == want, "\(path): errors_\(kind.rawValue) in the report")
            }
            let failed = injected.values.reduce(0, +)
            #expect(rows.filter { $0.status == .error }.count == failed)
            #expect(rows.filter { $0.status == .ok }.count == 45 - failed)
            #expect(report.total("errors") == failed)
        }
    }

    /// `--retries 2`: each attempt is its own row under its logical request's index; the report
    /// counts retries, and latency percentiles come from successful attempts only.
    @Test func retriesAreRowsOfTheirOwnAndCountedInTheReport() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("retry.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa,summarization",
                                "--requests", "4", "--seed", "5", "--time-scale", "0.02",
                                "--faults", "http_500=0.3,overloaded=0.2", "--retries", "2", "--quiet", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (_, rows) = try storedRequests(db)
        let byRequest = Dictionary(grouping: rows, by: \.requestIndex)
        #expect(byRequest.count == 8)
        var retries = 0
        for (index, attempts) in byRequest {
            let sorted = attempts.sorted { $0.attempt < $1.attempt }
            #expect(sorted.map(\.attempt) == Array(0..<sorted.count), "request \(index)")
            #expect(sorted.count <= 3)
            #expect(Set(sorted.map(\.itemId)).count == 1 && Set(sorted.map(\.dataset)).count == 1)
            // Every attempt but the last failed in a retried way; the last is ok or the third.
            for a in sorted.dropLast() {
                #expect(a.status == .error && (a.errorKind == .http5xx || a.errorKind == .overloaded), "request \(index)")
            }
            if let last = sorted.last, last.status != .ok { #expect(last.attempt == 2, "request \(index) gave up early") }
            // A retry is sent after the attempt before it ended (backoff, not overlap).
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                if let done = a.doneNs, let sent = b.sentNs { #expect(sent > done) }
            }
            retries += sorted.count - 1
        }
        // The first 8 sends are the first attempts, so faults among them are fixed by the seed.
        #expect(retries > 0)

        let report = try JSONReport(r.stdout)
        let ok = rows.filter { $0.status == .ok }.count
        #expect(report.total("requests") == 8)
        #expect(report.total("attempts") == rows.count)
        #expect(report.total("retries") == retries)
        #expect(report.total("succeeded") == ok)
        #expect(report.total("errors") == rows.count - ok)
        #expect(report.total("errors_http_5xx") + report.total("errors_overloaded") == rows.count - ok)
        #expect(report.total("e2e_ms_count") == ok)
        #expect(report.total("ttft_ms_count") == ok)

        // The Markdown report shows the retry count beside the latencies.
        let md = try Binary.run(["report", "--db", db]).stdout
        // One table per dataset, then "All datasets": the per-dataset rows add up to the total row.
        let retryLines = md.split(separator: "\n").filter { $0.hasPrefix("| Retries |") }
        let shown = retryLines.compactMap { Int($0.split(separator: "|").last!.trimmingCharacters(in: .whitespaces)) }
        #expect(shown.count == 3, "\(retryLines)")
        #expect(shown.last == retries && shown.dropLast().reduce(0, +) == retries, "\(retryLines)")
        #expect(md.contains("### All datasets"))
    }
}

/// The simulated models `llmbench run` compares when it has no config (RunSession.defaultModels).
enum RunSessionDefaults {
    static let models = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"]
}
