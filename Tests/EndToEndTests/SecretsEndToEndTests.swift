import Foundation
import Testing
import LLMBenchCore
import Simulator
import Store

/// Keys go to the provider and nowhere else: the whole pipeline runs with a canary key in every key
/// variable and in an env-named header, against a simulator that injects faults (so error messages
/// are written), and the canary must not appear in the database's bytes, any report, or any output.
@Suite(.serialized) struct SecretsEndToEndTests {
    /// Each wire format's documented key variable, by config `kind`.
    static let keyVariables = ["openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY"]

    /// examples/all-providers.json with `api_key_env` per kind, an `X-Canary` header read from
    /// `X_CANARY`, and (on one model) a literal header value, which is never stored either.
    static func writeConfig(port: UInt16, dir: URL, literal: String) throws -> URL {
        try ProvidersConfig.write(port: Int(port), to: dir) { m in
            m["api_key_env"] = keyVariables[m["kind"] as! String]!
            var headers: [String: Any] = ["X-Canary": ["env": "X_CANARY"]]
            if m["name"] as? String == "gpt-4o" { headers["X-Literal-Token"] = literal }
            m["headers"] = headers
        }
    }

    @Test func canaryKeyIsFoundNowhere() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let token = UUID().uuidString.lowercased()
        let canary = "sk-canary-\(token)"
        var env: [String: String] = ["X_CANARY": "hdr-canary-\(token)"]
        for (kind, name) in Self.keyVariables { env[name] = "\(canary)-\(kind)" }

        let faults = try FaultConfig.parse("http_429=0.1,overloaded=0.1,http_500=0.1,stream_error=0.1,truncate=0.1")
        let server = SimulatorServer(config: SimulatorConfig(faults: faults, seed: 9, timeScale: 0.02))
        let port = try server.start()
        defer { server.stop() }
        let config = try Self.writeConfig(port: port, dir: dir, literal: "lit-canary-\(token)")
        let db = dir.appendingPathComponent("secrets.sqlite").path
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

        var outputs: [(String, Binary.Result)] = []
        func run(_ args: [String]) throws -> Binary.Result {
            let r = try Binary.run(args, env: env, cwd: dir)
            outputs.append((args.prefix(3).joined(separator: " "), r))
            return r
        }
        let base = ["--config", config.path, "--db", db, "--datasets", "qa,translation", "--requests", "3"]
        #expect(try run(["run", "--dry-run"] + base).status == 0)
        // Not quiet: the progress notes on stderr are searched too.
        let first = try run(["run"] + base + ["--retries", "1", "--label", "canary-1"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try run(["run"] + base + ["--format", "json", "--label", "canary-2"])
        #expect(second.status == 0, "stderr: \(second.stderr)")

        // The faults produced stored error messages, so the search below covers them.
        let (_, rows) = try storedRequests(db)
        #expect(rows.contains { $0.status == .error && !($0.errorMessage ?? "").isEmpty })
        #expect(rows.contains { $0.status == .ok })
        #expect(server.stats.totalFaults > 0)

        for format in ["markdown", "csv", "json"] {
            #expect(try run(["report", "--db", db, "--format", format]).status == 0)
            #expect(try run(["report", "--db", db, "--format", format, "--view", "article"]).status == 0)
            #expect(try run(["report", "--db", db, "--run", "canary-1", "--format", format,
                             "--out", out.appendingPathComponent("report.\(format)").path]).status == 0)
            #expect(try run(["price", "--db", db, "--volume", "1000", "--format", format]).status == 0)
        }
        for format in ["markdown", "json", "junit"] {
            let c = try run(["compare", "--db", db, "--baseline", "canary-1", "--candidate", "canary-2",
                             "--format", format, "--resamples", "200"])
            #expect(c.status == 0 || c.status == 1, "compare: \(c.stderr)")
        }
        #expect(try run(["baseline", "set", "last-good", "canary-1", "--db", db]).status == 0)
        #expect(try run(["rescore", "--db", db]).status == 0)
        let merged = dir.appendingPathComponent("merged.sqlite").path
        #expect(try run(["merge", db, "--into", merged]).status == 0)

        // Positive control: the run's saved settings name the variables, so the search can see text.
        let dbBytes = try Data(contentsOf: URL(fileURLWithPath: db))
        #expect(dbBytes.range(of: Data("OPENAI_API_KEY".utf8)) != nil)
        #expect(dbBytes.range(of: Data("X_CANARY".utf8)) != nil)

        // The search: every stored byte, every file written, every stdout and stderr.
        var files = [db, merged].flatMap { [$0, $0 + "-wal", $0 + "-shm", $0 + "-journal"] }
        files += try FileManager.default.contentsOfDirectory(atPath: out.path).map { out.appendingPathComponent($0).path }
        let needle = Data(token.utf8)
        var searched = 0
        for f in files where FileManager.default.fileExists(atPath: f) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: f))
            #expect(bytes.range(of: needle) == nil, "the canary is in \(f)")
            searched += 1
        }
        #expect(searched >= 5)
        for (what, r) in outputs {
            #expect(!r.stdout.contains(token), "the canary is in the stdout of \(what)")
            #expect(!r.stderr.contains(token), "the canary is in the stderr of \(what)")
        }
        #expect(outputs.count >= 20)
    }

    /// A provider that quotes the key back in its 401 body: the stored message says `[redacted]`.
    @Test func keysEchoedByTheProviderAreScrubbed() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let token = UUID().uuidString.lowercased()
        var env: [String: String] = ["X_CANARY": "hdr-canary-\(token)"]
        for (kind, name) in Self.keyVariables { env[name] = "sk-canary-\(token)-\(kind)" }
        let echo = try EchoKeyServer(maxRequests: 5)
        defer { echo.stop() }
        let config = try Self.writeConfig(port: echo.port, dir: dir, literal: "lit-canary-\(token)")
        let db = dir.appendingPathComponent("echo.sqlite").path
        let r = try Binary.run(["run", "--config", config.path, "--db", db, "--datasets", "qa", "--requests", "1"], env: env)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let (run, rows) = try storedRequests(db)
        #expect(!run.simulated)
        #expect(rows.count == 5)
        for rec in rows {
            #expect(rec.errorKind == .auth && rec.httpStatus == 401)
            #expect(rec.errorMessage?.contains("Incorrect API key provided") == true)
            #expect(rec.errorMessage?.contains("[redacted]") == true, "\(rec.errorMessage ?? "")")
        }
        let json = try Binary.run(["report", "--db", db, "--format", "json"], env: env)
        #expect(json.status == 0)
        for text in [r.stdout, r.stderr, json.stdout, json.stderr] { #expect(!text.contains(token)) }
        for f in [db, db + "-wal", db + "-shm"] where FileManager.default.fileExists(atPath: f) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: f)).range(of: Data(token.utf8)) == nil, "the canary is in \(f)")
        }
    }

    @Test func missingVariableIsNamedBeforeAnythingIsSent() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let token = UUID().uuidString.lowercased()
        let server = SimulatorServer(config: SimulatorConfig(timeScale: 0.02))
        let port = try server.start()
        defer { server.stop() }
        let config = try Self.writeConfig(port: port, dir: dir, literal: "lit-\(token)")
        let db = dir.appendingPathComponent("missing.sqlite").path
        // GEMINI_API_KEY unset, X_CANARY empty (empty counts as missing); the others hold the canary.
        let env = ["OPENAI_API_KEY": "sk-canary-\(token)", "ANTHROPIC_API_KEY": "sk-canary-\(token)", "X_CANARY": ""]
        let r = try Binary.run(["run", "--config", config.path, "--db", db, "--requests", "1"], env: env)
        #expect(r.status == 65)
        #expect(r.stderr.contains("GEMINI_API_KEY"), "\(r.stderr)")
        #expect(r.stderr.contains("X_CANARY"), "\(r.stderr)")
        #expect(!r.stderr.contains("OPENAI_API_KEY") && !r.stderr.contains("ANTHROPIC_API_KEY"), "only the missing ones are named")
        #expect(!r.stderr.contains(token) && !r.stdout.contains(token))
        // Nothing was sent and nothing was stored.
        #expect(server.stats.requests == 0)
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
