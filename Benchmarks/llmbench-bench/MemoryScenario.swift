import Foundation
import Synchronization

/// Scenario `memory`: resident memory over a longer closed-loop run (`requests` at concurrency 64,
/// instant simulator in a separate process), sampled every 100 ms by a side thread and reported at
/// 0 %, 25 %, 50 %, 75 % and 100 % of the requests finished, so growth per request would show.
struct MemoryScenario {
    var requests = 100_000
    var concurrency = 64
    var maxDurationNs: Int64 = 120_000_000_000

    private struct Sample { var finished: Int; var rss: Int64 }

    func run() throws -> ResultTable {
        let sim = try SimulatorProcess()
        defer { sim.stop() }
        let model = BenchRun.model("instant", port: sim.port)
        let work = try BenchRun.workload(count: requests)
        let samples = Mutex<[Sample]>([])
        let stop = Atomic<Bool>(false)
        let before = ProcessMetrics.residentBytes() ?? 0
        var sampler: Thread?
        let r = try BenchRun.execute(model: model, work: work, concurrency: concurrency, maxDurationNs: maxDurationNs,
                                     keepSamples: false, onStart: { sink in
            let t = Thread {
                // Bounded: at most one sample per 100 ms for the run's maximum duration.
                for _ in 0..<(Int(maxDurationNs / 100_000_000) + 50) {
                    if stop.load(ordering: .relaxed) { break }
                    let rss = ProcessMetrics.residentBytes() ?? 0
                    let done = sink.finished
                    samples.withLock { $0.append(Sample(finished: done, rss: rss)) }
                    usleep(100_000)
                }
            }
            t.start()
            sampler = t
        })
        stop.store(true, ordering: .relaxed)
        _ = sampler
        usleep(150_000)
        let after = ProcessMetrics.residentBytes() ?? 0
        let all = samples.withLock { $0 }

        var rows: [[String]] = []
        var json: [[String: Double]] = []
        func add(_ label: String, _ fraction: Double, _ finished: Int, _ rss: Int64) {
            rows.append([label, String(finished), Fmt.mb(rss)])
            json.append(["fraction_done": fraction, "requests_done": Double(finished), "rss_mb": Double(rss) / 1_048_576])
        }
        add("before the run", 0, 0, before)
        for q in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let target = Int(Double(r.requests) * q)
            // The first sample at or past the target count (the last one for 100 %).
            if let s = (q == 1 ? all.last : all.first(where: { $0.finished >= target })) {
                add("\(Int(q * 100)) %", q, s.finished, s.rss)
            }
        }
        add("after writer close", 1, r.requests, after)
        let peak = all.map(\.rss).max() ?? 0
        let notes = [
            "\(r.requests) requests (\(r.errors) errors) at concurrency \(concurrency) in \(Fmt.f(Double(r.wallNs) / 1e9, 1)) s, "
                + "model `instant` on a separate `llmbench simulate --time-scale 0`; records written to a temp SQLite file. "
                + "VmRSS sampled every 100 ms (\(all.count) samples, highest \(Fmt.mb(peak)) MB).",
        ]
        return ResultTable(scenario: "memory", title: "Memory: resident set over a long run",
                           columns: ["point", "requests done", "RSS MB"], rows: rows, json: json, notes: notes)
    }
}
