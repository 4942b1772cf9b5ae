import Foundation
import Testing
import LLMBenchCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15, "Failures you can see": a run whose requests fail says why on stderr as it happens
/// (the first failure of each kind per model, with a hint), every report format lists the top error
/// messages per kind, `--stop-after-failures` ends a failing model early while the others finish,
/// and `--fail-on` names the cause. Before: `3 attempts, 3 errors … connect | 3`, the cause only in SQLite.
@Suite(.serialized) struct FailuresEndToEndTests {
    /// A loopback port nothing listens on: bound by us to learn a free number, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw NSError(domain: "llmbench.tests", code: 5) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func writeConfig(_ models: [[String: Any]], in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: ["models": models]).write(to: url)
        return url.path
    }

    /// Two models on one simulator: `typo` asks for a model id it does not know (404), `good` for one it does.
    static func typoAndGood(port: Int, in dir: URL) throws -> String {
        try writeConfig([
            ["name": "typo", "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1", "model": "gpt-9"],
            ["name": "good", "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1", "model": "gpt-4o-mini"],
        ], in: dir)
    }

    /// Every report format rendered from the database holds `needle` (the stored cause).
    static func expectInEveryReport(db: String, _ needle: String) throws {
        for format in ["markdown", "csv", "json", "junit"] {
            let r = try Binary.run(["report", "--db", db, "--format", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            // JSON escapes nothing in these messages but quotes; compare on a quote-free part.
            #expect(r.stdout.contains(needle), "\(format) lacks \"\(needle)\":\n\(r.stdout.suffix(1500))")
        }
    }

    @Test func anUnreachableHostIsNamedOnStderrAndInEveryReport() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("u.sqlite").path
        let port = try Self.closedPort()
        let config = try Self.writeConfig([["name": "down", "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1",
                                            "model": "gpt-4o-mini"]], in: dir)
        let r = try Binary.run(["run", "--config", config, "--db", db, "--datasets", "qa", "--requests", "3",
                                "--connect-timeout", "2s"])
        #expect(r.status == 0, "\(r.stderr)")
        // Announced once (the first failure of its kind), with the curl text and the hint.
        #expect(r.stderr.components(separatedBy: "first connect failure").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("libcurl error 7"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: nothing answered at base_url (http://127.0.0.1:\(port)/v1)"), "\(r.stderr)")
        // The Markdown report on stdout (not a terminal) lists the message with its count.
        #expect(r.stdout.contains("### Top error messages"), "\(r.stdout)")
        #expect(r.stdout.contains("- ×3: `libcurl error 7"), "\(r.stdout)")
        try Self.expectInEveryReport(db: db, "libcurl error 7")
        let json = try JSONReport(try Binary.run(["report", "--db", db, "--format", "json"]).stdout)
        let totals = (json.root["model_totals"] as? [[String: Any]])?.first
        let failures = totals?["failures"] as? [[String: Any]]
        #expect(failures?.first?["kind"] as? String == "connect")
        #expect(failures?.first?["count"] as? Int == 3)
        #expect((failures?.first?["hint"] as? String)?.contains("proxy") == true)
    }

    @Test func aWrongModelIdIsNamedOnStderrInEveryReportAndByFailOn() throws {
        let sim = try SimulatorProcess(["--time-scale", "0.05"])
        defer { sim.stop() }
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("w.sqlite").path
        let config = try Self.typoAndGood(port: sim.port, in: dir)
        let r = try Binary.run(["run", "--config", config, "--db", db, "--datasets", "qa,translation", "--requests", "3",
                                "--fail-on", "error_rate>0.02", "--format", "none"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("typo: first http_4xx failure: HTTP 404"), "\(r.stderr)")
        #expect(r.stderr.contains("The model `gpt-9` does not exist"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: check the model id \"gpt-9\""), "\(r.stderr)")
        // --fail-on: one line for the rule (not one per group), then why.
        let ruleLines = r.stderr.split(separator: "\n").filter { $0.contains("--fail-on error_rate>0.02:") }
        #expect(ruleLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("why: typo: http_4xx ×6: \"HTTP 404: invalid_request_error: The model `gpt-9` does not exist"), "\(r.stderr)")
        // The simulator is exempt from the default stop: all 6 requests were sent.
        let (_, rows) = try storedRequests(db)
        #expect(rows.filter { $0.model == "typo" && $0.status == .error }.count == 6)
        try Self.expectInEveryReport(db: db, "does not exist or you do not have access to it")
        let junit = try Binary.run(["report", "--db", db, "--format", "junit"]).stdout
        #expect(junit.contains("failures=\"1\""), "\(junit)")
        #expect(junit.contains("classname=\"good\""), "\(junit)")
    }

    @Test func stopAfterFailuresEndsTheFailingModelWhileTheOthersFinish() throws {
        let sim = try SimulatorProcess(["--time-scale", "0.05"])
        defer { sim.stop() }
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.sqlite").path
        let config = try Self.typoAndGood(port: sim.port, in: dir)
        let r = try Binary.run(["run", "--config", config, "--db", db, "--datasets", "qa", "--requests", "40",
                                "--concurrency", "1", "--stop-after-failures", "3", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("typo: 3 failed requests in a row; no more requests to it"), "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        let typo = rows.filter { $0.model == "typo" }, good = rows.filter { $0.model == "good" }
        // Concurrency 1: exactly 3 sent, the other 37 planned requests stored as not_sent.
        #expect(typo.filter { $0.status == .error }.count == 3)
        #expect(typo.filter { $0.status == .notSent }.count == 37)
        #expect(good.count == 40 && good.allSatisfy { $0.status == .ok })
        #expect(r.stdout.contains("Stopped early: typo stopped after 3 failed requests in a row"), "\(r.stdout)")
    }

    @Test func theDefaultStopsARealEndpointAfterTenFailures() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("d.sqlite").path
        let port = try Self.closedPort()
        let config = try Self.writeConfig([["name": "down", "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1",
                                            "model": "gpt-4o-mini"]], in: dir)
        let r = try Binary.run(["run", "--config", config, "--db", db, "--datasets", "qa", "--requests", "200",
                                "--concurrency", "1", "--format", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("stopped: stopped_after_failures"), "\(r.stderr)")
        let (_, rows) = try storedRequests(db)
        #expect(rows.filter { $0.status == .error }.count == 10)
        #expect(rows.filter { $0.status == .notSent }.count == 190)
        // 0 turns it off.
        let off = try Binary.run(["run", "--config", config, "--db", db, "--datasets", "qa", "--requests", "12",
                                  "--concurrency", "2", "--stop-after-failures", "0", "--format", "none"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(try storedRequests(db).rows.filter { $0.status == .error }.count == 12)
    }

    @Test func theSummaryBlockGivesOneRowPerModelAndThePathOfTheFullReport() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("sum.sqlite").path
        let r = try Binary.run(["run", "--db", db, "--datasets", "qa,summarization", "--requests", "4", "--time-scale", "0.02",
                                "--format", "summary"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count < 25, "\(r.stdout)")
        #expect(lines.first?.hasPrefix("llmbench run ") == true && lines.first?.contains("simulated") == true, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("model") && $0.contains("TTFT p50 ms") && $0.contains("e2e p99 ms") && $0.contains("cost USD") })
        for m in ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"] {
            #expect(lines.contains { $0.hasPrefix(m + " ") && $0.contains("  8  ") }, "\(m): \(r.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("quality") && $0.contains("qa F1") && $0.contains("summarization ROUGE-L F") })
        guard let pathLine = lines.first(where: { $0.hasPrefix("Full report: ") }) else {
            Issue.record("no report path: \(r.stdout)"); return
        }
        let path = String(pathLine.dropFirst("Full report: ".count))
        let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : dir.appendingPathComponent(path)
        let full = try String(contentsOf: file, encoding: .utf8)
        #expect(full.hasPrefix("## llmbench run "))
        #expect(full.contains("### Dataset: qa"))
    }

    @Test func anInterruptedRunCountsCancelledRequestsAsCancelled() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("i.sqlite").path
        let out = dir.appendingPathComponent("out.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        let p = try startRunAndWaitForRows(["run", "--db", db, "--models", "gpt-4o-mini", "--datasets", "qa", "--requests", "400",
                                            "--concurrency", "2", "--format", "summary"], db: db, stdout: handle, cwd: dir)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        try handle.close()
        #expect(p.terminationStatus == 130)
        let text = try String(contentsOf: out, encoding: .utf8)
        let (_, rows) = try storedRequests(db)
        let cancelled = rows.filter { $0.status == .cancelled }.count
        let errors = rows.filter { $0.status == .error }.count
        #expect(cancelled > 0 && errors == 0, "\(cancelled) cancelled, \(errors) errors")
        let header = text.split(separator: "\n").first { $0.hasPrefix("model") }.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let row = text.split(separator: "\n").first { $0.hasPrefix("gpt-4o-mini ") }.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(text.contains("· interrupted"), "\(text)")
        // Columns: model requests errors cancelled …
        #expect(header?.prefix(4).map(String.init) == ["model", "requests", "errors", "cancelled"], "\(text)")
        #expect(row.map { Int($0[2]) } == 0, "\(text)")
        #expect(row.map { Int($0[3]) } == cancelled, "\(text)")
    }
}
