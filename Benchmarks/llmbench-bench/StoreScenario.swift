import Foundation
import LLMBenchCore
import Store

/// Scenario `store-insert`: request rows per second through the store's own `RecordWriter` (the
/// path every run takes), `rows` synthetic streamed rows (`SyntheticRows`) into a fresh temp file.
struct StoreInsertScenario {
    var requests = 300_000
    var maxDurationNs: Int64 = 90_000_000_000

    func run() throws -> ResultTable {
        let dir = try BenchTemp.directory("store-insert")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/insert.sqlite"
        let db = try Database.open(path: path)
        let fill = try ScaleDatabase.fill(db, runId: "insert-run", seed: 1, requests: requests, maxDurationNs: maxDurationNs)
        try db.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        let rate = Double(fill.rows) / (Double(fill.wallNs) / 1e9)
        func perRow(_ ns: Int64) -> Double { Double(ns) / Double(fill.rows) / 1e3 }
        let rows = [[String(fill.rows), Fmt.f(Double(fill.wallNs) / 1e9, 2), Fmt.f(rate, 0), Fmt.f(perRow(fill.cpuNs), 2),
                     Fmt.f(perRow(fill.buildCPUNs), 2), Fmt.f(perRow(fill.writerCPUNs), 2), Fmt.mb(size)]]
        let json: [[String: Double]] = [["rows": Double(fill.rows), "seconds": Double(fill.wallNs) / 1e9, "rows_per_s": rate,
                                         "cpu_us_per_row": perRow(fill.cpuNs), "build_cpu_us_per_row": perRow(fill.buildCPUNs),
                                         "writer_cpu_us_per_row": perRow(fill.writerCPUNs), "file_mb": Double(size) / 1_048_576]]
        return ResultTable(scenario: "store-insert", title: "Store: request rows inserted per second",
                           columns: ["rows", "seconds", "rows/s", "CPU µs/row", "building µs/row", "writer thread µs/row", "file MB"],
                           rows: rows, json: json,
                           notes: ["\(requests) synthetic streamed requests (64 chunks, ~320-byte answer each, 1 % retried) given one by one "
                                   + "to `Database.makeWriter()` (batches of 256, one transaction each, WAL, synchronous=NORMAL) and "
                                   + "closed; the time runs from the first record to the writer's last commit and includes building the records. "
                                   + "CPU: the whole process; building: the thread that builds the records and hands them over; "
                                   + "writer thread: the store's (it bounds the rate; the WAL checkpointer's thread is the rest). "
                                   + "Load average \(TimedChild.loadAverage)."])
    }
}

/// Scenario `report-scale`: `llmbench report` over a database holding 1,000,000 requests and
/// `llmbench compare` of two such runs, each timed as a child process (wall time and its own peak RSS).
struct ReportScaleScenario {
    var requests = 1_000_000
    var maxFillNs: Int64 = 45_000_000_000

    func run() throws -> ResultTable {
        let dir = try BenchTemp.directory("report-scale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // LLMBENCH_BENCH_DB=FILE keeps the generated database there and reuses it on the next run
        // (for working on the report path; the figures then say so).
        let kept = ProcessInfo.processInfo.environment["LLMBENCH_BENCH_DB"]
        let path = kept ?? dir + "/scale.sqlite"
        var a = ScaleDatabase.Fill(requests: 0, rows: 0, wallNs: 0, cpuNs: 0), b = a
        let reused = kept != nil && FileManager.default.fileExists(atPath: path)
        if !reused {
            let db = try Database.open(path: path)
            a = try ScaleDatabase.fill(db, runId: "scale-a", seed: 1, requests: requests, maxDurationNs: maxFillNs)
            b = try ScaleDatabase.fill(db, runId: "scale-b", seed: 2, requests: requests, maxDurationNs: maxFillNs, ttftShiftNs: 5_000_000)
            try db.close()
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0

        var rows: [[String]] = []
        var json: [[String: Double]] = []
        func time(_ label: String, _ args: [String]) throws {
            let t = try TimedChild.run(args, outputPath: dir + "/out.txt")
            guard t.exitCode == 0 else {
                let out = (try? String(contentsOfFile: dir + "/out.txt", encoding: .utf8)) ?? ""
                throw TimedChild.Failure(description: "llmbench \(args.joined(separator: " ")) exited \(t.exitCode): \(out.prefix(600))")
            }
            rows.append([label, Fmt.f(Double(t.wallNs) / 1e9, 2), Fmt.mb(t.peakRSSBytes)])
            json.append(["seconds": Double(t.wallNs) / 1e9, "peak_rss_mb": Double(t.peakRSSBytes) / 1_048_576])
        }
        try time("report (markdown)", ["report", "--db", path, "--run", "scale-a"])
        try time("report --format json", ["report", "--db", path, "--run", "scale-a", "--format", "json", "--out", dir + "/r.json"])
        try time("report --format csv", ["report", "--db", path, "--run", "scale-a", "--format", "csv", "--out", dir + "/r.csv"])
        try time("compare", ["compare", "--db", path, "--baseline", "scale-a", "--candidate", "scale-b"])
        return ResultTable(scenario: "report-scale", title: "Reports over 1,000,000 requests",
                           columns: ["command", "wall s", "peak RSS MB"], rows: rows, json: json,
                           notes: [reused ? "Database reused from LLMBENCH_BENCH_DB=\(path) (not generated by this run). Load average \(TimedChild.loadAverage)." :
                                   "Two runs of \(a.requests) and \(b.requests) synthetic streamed requests each (\(a.rows) and \(b.rows) rows, 64 chunks per answer; each fill stops after 45 s) "
                                   + "written through `RecordWriter` (\(Fmt.f(Double(a.wallNs + b.wallNs) / 1e9, 1)) s), file \(Fmt.mb(size)) MB; "
                                   + "each command is the release CLI as a child process, peak RSS from wait4's ru_maxrss. "
                                   + "Load average \(TimedChild.loadAverage)."])
    }
}

/// Fills a database with synthetic runs through the store's writer.
enum ScaleDatabase {
    /// `cpuNs`: the whole process; `buildCPUNs`: the calling thread, which builds the records and hands
    /// them over; `writerCPUNs`: the store's writer thread (the rest is the WAL checkpointer's thread).
    struct Fill { var requests: Int; var rows: Int; var wallNs: Int64; var cpuNs: Int64; var buildCPUNs: Int64 = 0; var writerCPUNs: Int64 = 0 }

    /// Inserts run `runId` and `requests` logical requests of `SyntheticRows(seed)`; stops early (and
    /// says so in `requests`) when `maxDurationNs` passes.
    static func fill(_ db: Database, runId: String, seed: UInt64, requests: Int, maxDurationNs: Int64,
                     ttftShiftNs: Int64 = 0) throws -> Fill {
        let rowsSource = SyntheticRows(runId: runId, seed: seed, ttftShiftNs: ttftShiftNs)
        try db.insertRun(rowsSource.runInfo(requests: requests))
        try db.insertRunPrice(RunPrice(runId: runId, model: rowsSource.model, entryJSON: rowsSource.priceJSON))
        let writer = db.makeWriter()
        let cpu0 = ProcessMetrics.cpuTimeNs(), build0 = ProcessMetrics.threadCPUTimeNs()
        let start = DispatchTime.now().uptimeNanoseconds
        var rows = 0, done = 0
        for i in 0..<requests {
            if i % 4096 == 0, Int64(DispatchTime.now().uptimeNanoseconds - start) > maxDurationNs { break }
            for r in rowsSource.attempts(index: i) { writer.record(r); rows += 1 }
            done += 1
        }
        let build = ProcessMetrics.threadCPUTimeNs() - build0
        try writer.close()
        let wall = Int64(DispatchTime.now().uptimeNanoseconds - start)
        return Fill(requests: done, rows: rows, wallNs: wall, cpuNs: ProcessMetrics.cpuTimeNs() - cpu0, buildCPUNs: build,
                    writerCPUNs: writer.threadCPUNs)
    }
}

/// A fresh directory under the system temp directory for one scenario's files.
enum BenchTemp {
    static func directory(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "llmbench-bench-\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
