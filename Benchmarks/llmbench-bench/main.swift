// Measurements of llmbench itself (never assertions); see Benchmarks/README.md.
//
//   swift run -c release llmbench-bench [throughput|limiter|timing|memory|all] [--json]
import Foundation

let usage = """
usage: llmbench-bench [throughput|limiter|timing|memory|all] [--json]
  throughput  closed-loop req/s and client CPU per request at concurrency 1, 16, 64, 256
  limiter     achieved vs target rate of the token bucket at 50, 200, 1000 req/s
  timing      measured TTFT minus a fixed configured TTFT, concurrency 1 and 64
  memory      RSS over 20,000 requests at concurrency 64
  all         every scenario (default)
Needs the llmbench CLI built beside this binary: swift build -c release --product llmbench
"""

var args = Array(CommandLine.arguments.dropFirst())
let asJSON = args.contains("--json")
args.removeAll { $0 == "--json" }
if args.contains("--help") || args.contains("-h") { print(usage); exit(0) }
let known = ["throughput", "limiter", "timing", "memory", "all"]
for a in args where !known.contains(a) {
    FileHandle.standardError.write(Data("llmbench-bench: unknown argument '\(a)'\n\(usage)\n".utf8))
    exit(64)
}
let chosen = args.isEmpty || args.contains("all") ? ["throughput", "limiter", "timing", "memory"] : args

do {
    for name in chosen {
        FileHandle.standardError.write(Data("llmbench-bench: running \(name)…\n".utf8))
        let table: ResultTable
        switch name {
        case "throughput": table = try ThroughputScenario().run()
        case "limiter": table = try LimiterScenario().run()
        case "timing": table = try TimingScenario().run()
        default: table = try MemoryScenario().run()
        }
        print(asJSON ? table.jsonText : table.markdown)
    }
} catch {
    FileHandle.standardError.write(Data("llmbench-bench: \(error)\n".utf8))
    exit(1)
}
