import Datasets
import Foundation
import LLMBenchCore

/// Scenario `workload`: memory of a run's planned requests (issue 17), no network. For each size, a
/// synthetic workload (256 prompt tokens, 64 out) is walked one request at a time as the scheduler
/// takes it (`LaneWork`: built as sent, then dropped) and, for the smaller sizes, built as the list the
/// runner used to hold (`SyntheticWorkload.generate`); the peak RSS above the start (`VmHWM` reset
/// first) and the time per request are reported. Bounded: at most 400,000 requests built per row.
struct WorkloadScenario {
    var lazySizes = [20_000, 100_000, 400_000]
    var eagerSizes = [20_000, 100_000]

    func run() throws -> ResultTable {
        let spec = SyntheticSpec(inputTokens: 256, outputTokens: 64)
        var rows: [[String]] = [], json: [[String: Double]] = []
        func measure(_ label: String, _ n: Int, _ body: () throws -> Void) rethrows {
            ProcessMetrics.resetPeak()
            let before = ProcessMetrics.residentBytes() ?? 0
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            let ns = Double(DispatchTime.now().uptimeNanoseconds - t0)
            let peak = max(0, (ProcessMetrics.peakResidentBytes() ?? before) - before)
            rows.append([label, "\(n)", String(format: "%.1f", Double(peak) / 1e6), String(format: "%.1f", ns / Double(n) / 1e3)])
            json.append(["lazy": label == "as sent" ? 1 : 0, "requests": Double(n), "peak_rss_growth_mb": Double(peak) / 1e6,
                         "us_per_request": ns / Double(n) / 1e3])
        }
        for n in lazySizes {
            try measure("as sent", n) {
                let plan = try PlannedWork.synthetic(spec, requests: n, warmup: 0, seed: 1, tokenCount: TokenEstimate.tokens)
                var lane = LaneWork(plan: plan, model: "m", shard: .whole)
                var bytes = 0
                while let next = lane.peek() { bytes &+= next.item.user.utf8.count; lane.take() }
                precondition(bytes > 0)
            }
        }
        for n in eagerSizes {
            try measure("held list", n) {
                let list = try SyntheticWorkload.generate(spec, count: n, seed: 1, tokenCount: TokenEstimate.tokens)
                precondition(list.count == n)
            }
        }
        return ResultTable(scenario: "workload", title: "Planned requests: built as sent vs held as a list (256 in / 64 out, synthetic)",
                           columns: ["workload", "requests", "peak RSS growth (MB)", "µs per request built"], rows: rows, json: json,
                           notes: ["Peak RSS above the start of each row (VmHWM reset first), one process, no network; "
                                   + "the prompt's tokens counted with the byte estimate (the run counts with o200k_base)."])
    }
}
