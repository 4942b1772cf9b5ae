import Foundation
import Testing
import LLMBenchCore
import Store

/// Retries hide what the user waited unless a figure spans them (issue 10, case 3): the built
/// binary with the embedded simulator, `--faults http_429=0.3 --retries 3` (each 429 asks for
/// `Retry-After: 1`). The per-request figures of the report must equal what the test computes from
/// the stored rows with the registry's formulas:
///
/// - `e2e_incl_retries_ms`: (final attempt's done − first attempt's intended start) / 1e6 per logical
///   request (all attempts of one `request_index`), requests whose final attempt is ok;
/// - `attempts_per_request_mean`: attempts ÷ requests sent;
/// - `error_rate`: requests whose final attempt failed ÷ (requests sent − those finally cancelled);
/// - `attempt_error_rate`: failed attempts ÷ attempts.
@Suite(.serialized) struct RetriesEndToEndTests {
    /// One logical request: its attempts in order.
    struct Logical {
        var attempts: [RequestRecord]
        var first: RequestRecord { attempts.first! }
        var final: RequestRecord { attempts.last! }
    }

    static func number(_ metrics: [String: Any], _ name: String) -> Double? { (metrics[name] as? NSNumber)?.doubleValue }

    static func matches(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    /// Waits on the metrics branch for the four report figures; the per-row checks hold today.
    @Test func perRequestFiguresSpanTheRetries() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("retries.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "8",
                                "--seed", "7", "--time-scale", "0.02", "--faults", "http_429=0.3", "--retries", "3",
                                "--quiet", "--format", "json"], timeout: 120)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (run, rows) = try storedRequests(db)
        #expect(run.status == .completed)

        // The rows, as logical requests.
        let counted = rows.filter { !$0.warmup && $0.status != .notSent }
        let logical = Dictionary(grouping: counted, by: \.requestIndex).values
            .map { Logical(attempts: $0.sorted { $0.attempt < $1.attempt }) }
            .sorted { $0.first.requestIndex < $1.first.requestIndex }
        #expect(logical.count == 8)
        let attempts = counted.count
        // With this seed some first attempts get a 429 (the first 8 sends are the first attempts).
        #expect(attempts > logical.count, "no retries happened: the test proves nothing")

        var inclRetriesNs: [Int64] = []
        for l in logical {
            #expect(l.attempts.map(\.attempt) == Array(0..<l.attempts.count), "request \(l.first.requestIndex)")
            for a in l.attempts.dropLast() { #expect(a.status == .error && a.errorKind == .http429) }
            let first = try #require(l.first.intendedStartNs, "request \(l.first.requestIndex): no intended start")
            let finalSent = try #require(l.final.sentNs), finalDone = try #require(l.final.doneNs)
            let perRequest = finalDone - first
            // The user waited at least the final attempt's own e2e, and every earlier attempt's too.
            #expect(perRequest >= finalDone - finalSent, "request \(l.first.requestIndex)")
            if l.attempts.count > 1 {
                let firstDone = try #require(l.first.doneNs)
                #expect(perRequest > finalDone - finalSent + (firstDone - first), "request \(l.first.requestIndex)")
                // Each 429 asked for Retry-After: 1 s, which the client honours before the next attempt.
                for (a, b) in zip(l.attempts, l.attempts.dropFirst()) {
                    if let done = a.doneNs, let sent = b.sentNs { #expect(sent - done >= 1_000_000_000) }
                }
            }
            if l.final.status == .ok { inclRetriesNs.append(perRequest) }
        }

        // What the report must say, computed here from the rows.
        let requestsSent = logical.count
        let finalErrors = logical.filter { $0.final.status == .error }.count
        let finalCancelled = logical.filter { $0.final.status == .cancelled }.count
        let failedAttempts = counted.filter { $0.status == .error }.count
        let wantP99 = try #require(Percentile.linear(inclRetriesNs.map { Double($0) / 1e6 }.sorted(), 0.99))
        let wantAttemptsPerRequest = Double(attempts) / Double(requestsSent)
        let wantErrorRate = Double(finalErrors) / Double(requestsSent - finalCancelled)
        let wantAttemptErrorRate = Double(failedAttempts) / Double(attempts)

        let report = try JSONReport(r.stdout)
        #expect(report.groups.count == 1)
        let m = report.groups.first?.metrics ?? [:]
        #expect(report.total("requests") == requestsSent)
        #expect(report.total("attempts") == attempts)
        #expect(Self.matches(Self.number(m, "e2e_incl_retries_ms_p99"), wantP99),
                "e2e_incl_retries_ms_p99: \(m["e2e_incl_retries_ms_p99"] ?? "missing"), want \(wantP99)")
        #expect(Self.matches(Self.number(m, "attempts_per_request_mean"), wantAttemptsPerRequest),
                "attempts_per_request_mean: \(m["attempts_per_request_mean"] ?? "missing"), want \(wantAttemptsPerRequest)")
        #expect(Self.matches(Self.number(m, "error_rate"), wantErrorRate),
                "error_rate: \(m["error_rate"] ?? "missing"), want \(wantErrorRate)")
        #expect(Self.matches(Self.number(m, "attempt_error_rate"), wantAttemptErrorRate),
                "attempt_error_rate: \(m["attempt_error_rate"] ?? "missing"), want \(wantAttemptErrorRate)")
        // The per-request tail includes the Retry-After waits the attempt figures leave out.
        if let e2eP99 = Self.number(m, "e2e_ms_p99"), let incl = Self.number(m, "e2e_incl_retries_ms_p99") {
            #expect(incl >= e2eP99)
        }
    }
}
