import Foundation
import LLMBenchCore
import Store
import Testing

/// Beyond one machine (issue 17): `run --shard I/N --run-group G` sends a disjoint slice, `merge`
/// puts a group's shards together as one run, and the shipped examples (the GitHub Actions matrix
/// and the Kubernetes Indexed Job) run as written against the embedded simulator.
@Suite struct ShardsEndToEndTests {
    /// Every `llmbench …` command of a text, continuation lines joined, in order.
    static func commands(_ text: String) -> [String] { NightlyWorkflowEndToEndTests.commands(text) }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Model → metrics of a JSON report's model totals.
    static func totals(_ report: [String: Any]) throws -> [String: [String: Any]] {
        let list = try #require(report["model_totals"] as? [[String: Any]])
        var out: [String: [String: Any]] = [:]
        for t in list { out[t["model"] as! String] = t["metrics"] as? [String: Any] }
        return out
    }

    /// E2E latencies (ms) of the successful non-warmup attempts in `paths`, by model.
    static func e2eByModel(_ paths: [String]) throws -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for path in paths {
            let db = try Database.open(path: path, readOnly: true)
            for run in try db.runs() {
                try db.forEachRequest(runId: run.id) { r in
                    guard r.status == .ok, !r.warmup, let s = r.sentNs, let d = r.doneNs else { return }
                    out[r.model, default: []].append(Double(d - s) / 1e6)
                }
            }
            try db.close()
        }
        return out
    }

    @Test func shardsMergeIntoOneRunWithTheUnionsFigures() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 3
        var paths: [String] = []
        var planned = 0
        for i in 1...n {
            let path = dir.appendingPathComponent("shard-\(i).sqlite").path
            paths.append(path)
            let r = try Binary.run(["run", "--shard", "\(i)/\(n)", "--run-group", "g-1", "--db", path, "--datasets", "qa",
                                    "--requests", "13", "--models", "gpt-4o-mini,gpt-4o", "--time-scale", "0.02",
                                    "--seed", "7", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let totals = try Self.totals(try Self.json(r.stdout))
            planned += totals.values.reduce(0) { $0 + Int(($1["requests"] as? Double) ?? 0) }
            #expect(r.stderr.contains("shard \(i)/\(n) of run group g-1"))
        }
        #expect(planned == 2 * 13, "the shards together plan every request once")
        let all = dir.appendingPathComponent("all.sqlite").path
        let merge = try Binary.run(["merge"] + paths + ["--into", all])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("run group g-1: 3 shards put together as run"), "\(merge.stdout)")

        let report = try Binary.run(["report", "--db", all, "--run", "g-1", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let doc = try Self.json(report.stdout)
        let run = try #require(doc["run"] as? [String: Any])
        #expect((run["id"] as? String) == Database.groupRunId("g-1"))
        let totals = try Self.totals(doc)
        #expect(totals.values.reduce(0) { $0 + Int(($1["requests"] as? Double) ?? 0) } == planned)
        // Latency percentiles over all the shards' attempts: those of the union of their rows.
        for (model, values) in try Self.e2eByModel(paths) {
            let sorted = values.sorted()
            let m = try #require(totals[model])
            for (name, q) in [("e2e_ms_p50", 0.5), ("e2e_ms_p95", 0.95), ("e2e_ms_p99", 0.99)] {
                let got = try #require(m[name] as? Double, "\(name)")
                #expect(abs(got - Percentile.linear(sorted, q)!) < 1e-9, "\(model) \(name)")
            }
        }
        // `latest` is the group run: its shards are held by it.
        let latest = try Binary.run(["report", "--db", all, "--format", "json"])
        #expect(((try Self.json(latest.stdout))["run"] as? [String: Any])?["id"] as? String == Database.groupRunId("g-1"))
        // Merging again changes nothing.
        let again = try Binary.run(["merge"] + paths + ["--into", all])
        #expect(again.stdout.contains("already holds its 3 shards"), "\(again.stdout)")
    }

    @Test func aRetriedShardKeepsTheCompleteRun() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func shard(_ i: Int, _ name: String, _ extra: [String] = []) throws -> String {
            let path = dir.appendingPathComponent(name).path
            let r = try Binary.run(["run", "--shard", "\(i)/2", "--run-group", "retry", "--db", path, "--datasets", "qa",
                                    "--requests", "12", "--models", "gpt-4o-mini", "--time-scale", "0.02", "--quiet",
                                    "--format", "none"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let one = try shard(1, "a.sqlite")
        // The first pod of shard 2 stops early (its time is up after one request), the retry completes.
        let cut = try shard(2, "b-first.sqlite", ["--concurrency", "1", "--duration", "1ms"])
        let full = try shard(2, "b-retry.sqlite")
        let all = dir.appendingPathComponent("all.sqlite").path
        let merge = try Binary.run(["merge", one, cut, full, "--into", all])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("shard 2/2 appears twice: kept run"), "\(merge.stdout)")
        let db = try Database.open(path: all, readOnly: true)
        defer { try? db.close() }
        let group = try #require(try db.run(id: Database.groupRunId("retry")))
        #expect(group.shardCount == 2 && group.shard == nil && group.runGroup == "retry")
        var notSent = 0, rows = 0
        try db.forEachRequest(runId: group.id) { r in rows += 1; if r.status == .notSent { notSent += 1 } }
        #expect(notSent == 0, "the complete run of shard 2 was kept")
        #expect(rows == 12)
    }

    @Test func badShardsAreUsageErrors() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        for (args, needle) in [(["--shard", "0/3", "--run-group", "g"], "I must be from 1 to N"),
                               (["--shard", "4/3", "--run-group", "g"], "I must be from 1 to N"),
                               (["--shard", "two/3", "--run-group", "g"], "expected I/N"),
                               (["--shard", "2/3"], "needs --run-group")] {
            let r = try Binary.run(["run", "--db", db, "--requests", "2"] + args)
            #expect(r.status == 64 && r.stderr.contains(needle), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: db), "nothing ran")
    }

    /// The matrix workflow's commands, run small: 4 shard jobs, then the merge job's merge, compare and mark.
    @Test func theMatrixWorkflowRunsLocally() throws {
        let yaml = try String(contentsOf: Binary.packageRoot.appendingPathComponent("examples/nightly-matrix.yml"), encoding: .utf8)
        let cmds = Self.commands(yaml)
        let run = try #require(cmds.first { $0.hasPrefix("llmbench run ") && $0.contains("--shard") })
        let merge = try #require(cmds.first { $0.hasPrefix("llmbench merge ") })
        let compare = try #require(cmds.first { $0.hasPrefix("llmbench compare ") })
        let mark = try #require(cmds.first { $0.hasPrefix("llmbench baseline set ") })
        let count = try #require(yaml.range(of: "SHARD_COUNT: ")).upperBound
        let n = try #require(Int(yaml[count...].prefix { $0.isNumber }))
        #expect(yaml.contains("shard: [" + (1...n).map(String.init).joined(separator: ", ") + "]"), "the matrix lists shards 1…N")

        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shards = dir.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        for d in [dir, shards] {
            try FileManager.default.createSymbolicLink(at: d.appendingPathComponent("llmbench"), withDestinationURL: Binary.packageRoot)
        }
        var env = ["LLMBENCH_REQUESTS": "6", "LLMBENCH_RATE": "40", "RUN_GROUP": "nightly-1", "SHARD_COUNT": "\(n)",
                   "GITHUB_RUN_ATTEMPT": "1", "GITHUB_STEP_SUMMARY": dir.appendingPathComponent("summary.md").path,
                   "GITHUB_OUTPUT": dir.appendingPathComponent("output").path,
                   "LLMBENCH_DB": "llmbench-sharded.sqlite", "LLMBENCH_GATE": "ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,error_rate<=+0.01"]
        for i in 1...n {
            env["SHARD_INDEX"] = "\(i)"
            #expect(try NightlyWorkflowEndToEndTests.bash(run + " --time-scale 0.05", env: env, cwd: shards) == 0, "\(run)")
        }
        #expect(try NightlyWorkflowEndToEndTests.bash(merge, env: env, cwd: dir) == 0)
        #expect(try NightlyWorkflowEndToEndTests.bash(compare, env: env, cwd: dir) == 0)
        #expect(try NightlyWorkflowEndToEndTests.bash(mark, env: env, cwd: dir) == 0)
        let db = try Database.open(path: dir.appendingPathComponent("llmbench-sharded.sqlite").path, readOnly: true)
        defer { try? db.close() }
        #expect(try db.baseline(name: "last-good") == Database.groupRunId("nightly-1"))
        #expect(try db.runs().map(\.id) == [Database.groupRunId("nightly-1")], "the shards stand behind their group run")
    }

    /// The Kubernetes Indexed Job's pod script for JOB_COMPLETION_INDEX 0…N−1, then the merge Job's
    /// script, with the shared volume and the config map as local directories.
    @Test func theKubernetesJobRunsLocally() throws {
        let yaml = try String(contentsOf: Binary.packageRoot.appendingPathComponent("examples/k8s/nightly-job.yaml"), encoding: .utf8)
        #expect(yaml.contains("completionMode: Indexed"))
        let scripts = yaml.components(separatedBy: "            - |\n").dropFirst().map { block -> String in
            block.split(separator: "\n", omittingEmptySubsequences: false)
                .prefix { $0.hasPrefix("              ") || $0.isEmpty }
                .map { String($0.dropFirst(min(14, $0.count))) }.joined(separator: "\n")
        }
        try #require(scripts.count == 2)
        #expect(scripts[0].contains("SHARD_INDEX=$((JOB_COMPLETION_INDEX + 1))"))
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func local(_ s: String) -> String {
            s.replacingOccurrences(of: "/results", with: dir.appendingPathComponent("results").path)
                .replacingOccurrences(of: "/config/", with: Binary.packageRoot.appendingPathComponent("examples").path + "/")
                .replacingOccurrences(of: "--format none", with: "--format none --time-scale 0.05")
                .replacingOccurrences(of: "sleep 30", with: "exit 9")
        }
        let n = 3
        let env = ["SHARD_COUNT": "\(n)", "RUN_GROUP": "nightly-k8s", "LLMBENCH_REQUESTS": "5", "LLMBENCH_RATE": "40",
                   "LLMBENCH_DB": dir.appendingPathComponent("results/llmbench.sqlite").path,
                   "LLMBENCH_GATE": "ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,error_rate<=+0.01"]
        for index in 0..<n {
            var e = env
            e["JOB_COMPLETION_INDEX"] = "\(index)"
            #expect(try NightlyWorkflowEndToEndTests.bash(local(scripts[0]), env: e, cwd: dir) == 0)
        }
        #expect(try NightlyWorkflowEndToEndTests.bash(local(scripts[1]), env: env, cwd: dir) == 0)
        let report = try String(contentsOf: dir.appendingPathComponent("results/nightly-k8s/report.md"), encoding: .utf8)
        #expect(report.contains("nightly-k8s"))
        let db = try Database.open(path: env["LLMBENCH_DB"]!, readOnly: true)
        defer { try? db.close() }
        let group = try #require(try db.run(id: Database.groupRunId("nightly-k8s")))
        #expect(group.shardCount == n)
        #expect(try db.baseline(name: "last-good") == group.id)
    }
}
