import Foundation
import Testing

/// Issue 11, finding 3: absurd numbers are refused at the boundary with the option or field named,
/// exit 64 for a flag and 65 for a config file; before, each of these trapped (exit 132).
@Suite struct AbsurdNumbersEndToEndTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var args: [String]
        var option: String
        var testDescription: String { args.joined(separator: " ") }
    }

    static let flagCases: [Case] = [
        Case(args: ["--duration", "1e30s"], option: "--duration"),
        Case(args: ["--timeout", "99999999999h"], option: "--timeout"),
        Case(args: ["--idle-timeout", "1e400"], option: "--idle-timeout"),
        Case(args: ["--time-scale", "1e308"], option: "--time-scale"),
        Case(args: ["--profile", "poisson", "--rate", "1e-300"], option: "--rate"),
        Case(args: ["--rpm", "1e300"], option: "--rpm"),
        Case(args: ["--max-cost", "1e30"], option: "--max-cost"),
        Case(args: ["--sweep", "rate=1e-300"], option: "--sweep"),
    ]

    @Test(arguments: flagCases) func absurdFlagIsAUsageError(_ c: Case) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Binary.run(["run", "--db", dir.appendingPathComponent("a.sqlite").path, "--requests", "1",
                                "--datasets", "qa", "--models", "gpt-4o-mini", "--quiet", "--format", "none"] + c.args)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(c.option), "\(r.stderr)")
    }

    @Test(arguments: ["9.3e18", "1e300", "5000"])
    func absurdConfigLimitIsADataError(_ value: String) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("c.json")
        try """
        {"models": [{"name": "x", "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m",
                     "limits": {"max_concurrency": \(value)}}]}
        """.write(to: config, atomically: true, encoding: .utf8)
        let r = try Binary.run(["run", "--config", config.path, "--datasets", "qa", "--requests", "1", "--dry-run"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("limits.max_concurrency"), "\(r.stderr)")
    }
}
