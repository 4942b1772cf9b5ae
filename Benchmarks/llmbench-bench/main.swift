// Measurements of llmbench itself (never assertions); see Benchmarks/README.md.
//
//   swift run -c release llmbench-bench [throughput|transport|slow-streams|limiter|timing|memory|workload|tokenizer|scoring|store-insert|report-scale|gate-calibration|all] [--json]
import Foundation

let usage = """
usage: llmbench-bench [throughput|transport|slow-streams|limiter|timing|memory|workload|tokenizer|scoring|store-insert|report-scale|gate-calibration|all] [--json] [--html FILE] [--timer-slack-ns N]
  throughput  closed-loop req/s and client CPU per request at concurrency 1, 16, 64, 256
  transport   req/s, client CPU per request and RSS at 1 to 4,096 open streams against a zero-delay C stub (pinned cores)
  slow-streams  10,000 streams at 1 token/s for 60 s (opened over 1 s), and 10,000 × 3 tokens opened at once:
              client CPU share of one core and TTFT error (~80 s)
  limiter     achieved vs target rate of the token bucket at 50, 200, 1000 req/s
  timing      measured TTFT minus a fixed configured TTFT, concurrency 1 and 64
  memory      RSS over 100,000 requests at concurrency 64
  workload    peak memory of planned requests built as sent vs held as a list (no network)
  tokenizer   o200k/cl100k load time and single-thread MB/s (beside tiktoken: Benchmarks/tokenizer-tiktoken.py)
  scoring     ROUGE/BLEU/chrF/SQuAD µs per pair beside rouge-score, sacrebleu and the SQuAD script (venv in $TMPDIR),
              and 100,000 responses of the shipped task mix on every core
  store-insert  request rows per second through the store's RecordWriter (300,000 synthetic requests)
  report-scale  report and compare over databases of 1,000,000 requests (wall time, peak RSS of the CLI)
  gate-calibration  false-alarm and detection rates of compare's gate over 1,000 seeded nights per row (no network)
  all         every scenario but gate-calibration (default; that one runs only by name)
  --html FILE  also write every table (and the transport charts) as one self-contained HTML page
  --timer-slack-ns N  set the scheduling thread's timer slack first (Linux default 50,000 ns)
Needs the llmbench CLI built beside this binary: swift build -c release --product llmbench
"""

var args = Array(CommandLine.arguments.dropFirst())
let asJSON = args.contains("--json")
args.removeAll { $0 == "--json" }
var htmlPath: String?
if let i = args.firstIndex(of: "--html") {
    guard i + 1 < args.count, !args[i + 1].hasPrefix("-") else {
        FileHandle.standardError.write(Data("llmbench-bench: --html needs a file path\n".utf8))
        exit(64)
    }
    htmlPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
// Investigation knob: the timer slack of the thread that runs the runner's scheduling loop.
if let i = args.firstIndex(of: "--timer-slack-ns") {
    guard i + 1 < args.count, let ns = Int64(args[i + 1]), ns >= 1 else {
        FileHandle.standardError.write(Data("llmbench-bench: --timer-slack-ns needs a whole number ≥ 1\n".utf8))
        exit(64)
    }
    guard TimerSlack.setMainThread(ns: ns) else {
        FileHandle.standardError.write(Data("llmbench-bench: the kernel refused a timer slack of \(ns) ns\n".utf8))
        exit(1)
    }
    args.removeSubrange(i...(i + 1))
}
if args.contains("--help") || args.contains("-h") { print(usage); exit(0) }
let known = ["throughput", "transport", "slow-streams", "limiter", "timing", "memory", "workload", "tokenizer", "scoring", "store-insert", "report-scale", "gate-calibration", "all"]
for a in args where !known.contains(a) {
    FileHandle.standardError.write(Data("llmbench-bench: unknown argument '\(a)'\n\(usage)\n".utf8))
    exit(64)
}
let chosen = args.isEmpty || args.contains("all") ? ["throughput", "transport", "slow-streams", "limiter", "timing", "memory", "workload", "tokenizer", "scoring", "store-insert", "report-scale"] : args
// The transport table counts heap allocations per request: the bench runs under Benchmarks/alloc/alloc-count.c.
AllocationCounter.reexecIfWanted(chosen.contains("transport"))

var tables: [ResultTable] = []
/// Writes the page of the tables measured so far (also after a failed scenario: nothing measured is lost).
@MainActor func writePage() {
    guard let htmlPath, !tables.isEmpty else { return }
    #if DEBUG
    let build = "debug build (figures are not representative: use -c release)"
    #else
    let build = "release build"
    #endif
    let machine = "\(ProcessMetrics.cpuCount) CPUs online, load average at the end: \(Load.now()); \(build)"
    do {
        try Data(BenchPage.render(tables, machine: machine).utf8).write(to: URL(fileURLWithPath: htmlPath), options: .atomic)
        FileHandle.standardError.write(Data("llmbench-bench: wrote \(htmlPath)\n".utf8))
    } catch {
        FileHandle.standardError.write(Data("llmbench-bench: cannot write \(htmlPath): \(error)\n".utf8))
    }
}

do {
    for name in chosen {
        FileHandle.standardError.write(Data("llmbench-bench: running \(name)…\n".utf8))
        let table: ResultTable
        switch name {
        case "throughput": table = try ThroughputScenario().run()
        case "transport": table = try TransportScenario().run()
        case "slow-streams": table = try SlowStreamsScenario().run()
        case "limiter": table = try LimiterScenario().run()
        case "timing": table = try TimingScenario().run()
        case "gate-calibration": table = GateCalibrationBench().run()
        case "tokenizer": table = try TokenizerScenario().run()
        case "scoring": table = try ScoringScenario().run()
        case "workload": table = try WorkloadScenario().run()
        case "store-insert": table = try StoreInsertScenario().run()
        case "report-scale": table = try ReportScaleScenario().run()
        default: table = try MemoryScenario().run()
        }
        print(asJSON ? table.jsonText : table.markdown)
        tables.append(table)
    }
    writePage()
} catch {
    writePage()
    FileHandle.standardError.write(Data("llmbench-bench: \(error)\n".utf8))
    exit(1)
}
