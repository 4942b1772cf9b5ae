import Foundation
import Testing

/// The shipped `examples/nightly.yml` runs as shipped (issue 12): its default job's `llmbench`
/// commands, taken from the YAML and run small against the simulator, pass the first night, mark
/// a baseline, pass a second night, and fail a night slowed with `--time-scale`.
@Suite struct NightlyWorkflowEndToEndTests {
    /// The default job's text, from `  simulated:` to the next job.
    static func defaultJob() throws -> String {
        let yaml = try String(contentsOf: Binary.packageRoot.appendingPathComponent("examples/nightly.yml"), encoding: .utf8)
        let start = try #require(yaml.range(of: "\n  simulated:\n"))
        let rest = yaml[start.upperBound...]
        let end = rest.range(of: "\n  real:\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Every `llmbench …` command of the job, continuation lines joined, in order.
    static func commands(_ job: String) -> [String] {
        var out: [String] = [], current = ""
        for raw in job.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && !line.hasPrefix("llmbench ") { continue }
            if line.hasSuffix("\\") { current += line.dropLast() + " "; continue }
            out.append(current + line)
            current = ""
        }
        return out
    }

    /// The job's `env:` value of `name` (quotes removed).
    static func env(_ job: String, _ name: String) throws -> String {
        let line = try #require(job.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + ":") })
        var v = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
        if v.hasPrefix("\"") { v = String(v.dropFirst().dropLast()) }
        return v
    }

    static func bash(_ command: String, env: [String: String], cwd: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        let bin = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        var e = ["PATH": bin + ":/usr/sbin:/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
                 "LLMBENCH_DATA_DIR": Binary.packageRoot.appendingPathComponent("datasets").path]
        for (k, v) in env { e[k] = v }
        p.environment = e
        p.currentDirectoryURL = cwd
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func theDefaultJobRunsAsShipped() throws {
        let job = try Self.defaultJob()
        #expect(!job.contains("secrets."), "the default job needs no secret")
        #expect(job.contains("llmbench/examples/nightly.json"))
        let cmds = Self.commands(job)
        let run = try #require(cmds.first { $0.hasPrefix("llmbench run ") })
        let compare = try #require(cmds.first { $0.hasPrefix("llmbench compare ") && $0.contains("--format markdown") })
        let junit = try #require(cmds.first { $0.hasPrefix("llmbench compare ") && $0.contains("--format junit") })
        let mark = try #require(cmds.first { $0.hasPrefix("llmbench baseline set ") })
        let trend = try #require(cmds.first { $0.hasPrefix("llmbench trend ") && $0.contains("--format html") })

        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("llmbench"), withDestinationURL: Binary.packageRoot)
        let env = ["LLMBENCH_REQUESTS": "8", "LLMBENCH_RATE": "40", "LLMBENCH_DB": try Self.env(job, "LLMBENCH_DB"),
                   "LLMBENCH_GATE": try Self.env(job, "LLMBENCH_GATE")]

        /// One night as the job runs it: benchmark, compare, mark good when it passed.
        func night(_ runCommand: String) throws -> (Int32, String) {
            #expect(try Self.bash(runCommand, env: env, cwd: dir) == 0, "\(runCommand)")
            let code = try Self.bash(compare, env: env, cwd: dir)
            #expect([0, 1].contains(try Self.bash(junit, env: env, cwd: dir)))
            if code == 0 { #expect(try Self.bash(mark, env: env, cwd: dir) == 0) }
            return (code, (try? String(contentsOf: dir.appendingPathComponent("compare.md"), encoding: .utf8)) ?? "")
        }
        let first = try night(run)
        #expect(first.0 == 0 && first.1.contains("no baseline 'last-good~7' yet"), "\(first.1)")
        let second = try night(run)
        #expect(second.0 == 0, "\(second.1)")
        #expect(second.1.hasPrefix("## llmbench compare: PASS"))
        let slow = try night(run + " --time-scale 3")
        #expect(slow.0 == 1, "\(slow.1)")
        #expect(slow.1.hasPrefix("## llmbench compare: FAIL") && slow.1.contains("### Failing checks"))
        // The trend step: every night so far on one page (too few nights before the slow one to judge it).
        #expect(try Self.bash(trend, env: env, cwd: dir) == 0, "\(trend)")
        let page = try String(contentsOf: dir.appendingPathComponent("trend.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("llmbench trend: 3 run(s)"), "\(page.prefix(400))")
    }
}
