import Datasets
import Foundation
import LLMBenchCore
import Providers
import Scheduler
import Simulator
import Store

/// `llmbench run`: benchmark models on datasets and store every request in SQLite.
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "Benchmark models on datasets; store every request in SQLite and print a report."
    static let options: [OptionSpec] = [
        .value("config", "FILE", "Models to compare (JSON; see README 'Config'). Default: built-in simulated models."),
        .value("models", "A,B", "Only these models (names from the config, or simulated profile names)."),
        .value("datasets", "A,B", "Shipped names (summarization, qa, translation) or JSONL paths. Default: all three."),
        .value("data-dir", "DIR", "Folder of the shipped datasets (default: LLMBENCH_DATA_DIR, ./datasets, or beside the binary)."),
        .value("synthetic", "SPEC", "Synthetic prompts instead of datasets: input=512,output=128[,input_stddev=N,output_stddev=N]."),
        .value("requests", "N", "Requests per model and dataset (default 20; cycles through a dataset when N is larger)."),
        .value("warmup", "N", "Warmup requests per model, sent first, stored, left out of the figures (default 0)."),
        .value("profile", "NAME", "concurrent (closed loop, default), constant or poisson (open loop at --rate)."),
        .value("concurrency", "N", "Streams per model (default 8); a model's max_concurrency lowers it."),
        .value("rate", "R", "Requests per second per model (0.000001 to 1000000): a limit (concurrent) or the arrival rate (constant, poisson)."),
        .value("burst", "N", "Token-bucket capacity of --rate for the concurrent profile (default 1)."),
        .value("rpm", "R", "Requests per minute per model (overrides the config's limit)."),
        .value("tpm", "R", "Tokens per minute per model (overrides the config's limit)."),
        .value("duration", "T", "No new request after this long: 90s, 10m, 1h (default 10m, at most 30 days)."),
        .value("retries", "N", "Retry 429, overload, 5xx, connect errors and timeouts up to N times (default 0)."),
        .value("stop-after-failures", "N", "End a model's part of the run after N failed requests in a row; the rest are not_sent (default 10, off for simulated models; 0: never)."),
        .value("timeout", "T", "Total time per request (default 600s)."),
        .value("connect-timeout", "T", "Connect timeout (default 10s)."),
        .value("first-byte-timeout", "T", "Time to the first response byte (default 60s)."),
        .value("idle-timeout", "T", "Longest gap between streamed chunks (default 30s)."),
        .value("max-response-text", "BYTES", "Stored answer text per request, 1024 to 67108864 bytes (default 1048576); a longer answer is cut, its length kept."),
        .value("seed", "N", "Seed for shuffles, arrivals, jitter and the simulator (default 0)."),
        .value("db", "PATH", "SQLite database to append the run to (default llmbench.sqlite)."),
        .value("label", "TEXT", "A name for this run (usable wherever a run is expected)."),
        .value("time-scale", "X", "Embedded simulator only: multiply its latencies by X (0 to 1000, default 1)."),
        .value("faults", "SPEC", "Embedded simulator only: inject faults, e.g. http_429=0.05,truncate=0.02."),
        .value("prices", "FILE", "Price overrides laid over datasets/pricing.json (our format or LiteLLM's)."),
        .value("max-cost", "USD", "Stop sending once spent + worst case of requests in flight would pass USD (at most 1000000)."),
        .flag("dry-run", "Validate everything and print the worst-case cost; send nothing."),
        .value("fail-on", "RULES", "Exit 1 when a figure passes a level, e.g. error_rate>0.02,ttft_ms_p95>1500."),
        .value("slo", "RULES", "Per-request SLOs for goodput, e.g. ttft_ms=500,e2e_ms=3000."),
        .value("format", "FMT", "Printed at the end: summary (default on a terminal: one block, the full report to a file), markdown (default otherwise), csv, json, junit, none."),
        .value("sweep", "DIM=V,V", "One run segment per value: concurrency=1,4,16, rate=1,5,10 or reasoning_effort=low,medium,high (labelled LABEL/DIM=V)."),
        .value("sweep-max-error-rate", "R", "Sweep: stop after a segment whose error rate passes R (default 0.1)."),
        .value("sweep-max-lag-ms", "MS", "Sweep: stop after a segment whose dispatch lag p99 passes MS (default 100)."),
        .flag("shuffle", "Shuffle each dataset's items with --seed before capping."),
        .flag("replay-assistant", "Conversation datasets: send the recorded answers as history, not the model's own."),
        .value("think-time", "T", "Conversation datasets: pause after each answer before the next turn (default 0s; a line's think_time_ms wins)."),
        .flag("quiet", "No progress line."),
    ]
    static let discussion = """
    EXAMPLES:
      llmbench run                                   # simulated gpt-4o-mini, gpt-4o, gpt-3.5-turbo on all datasets
      llmbench run --config examples/all-providers.json --datasets qa --requests 10
      llmbench run --profile poisson --rate 5 --duration 60s --label nightly
      llmbench run --sweep concurrency=1,4,16,64 --requests 50 --label capacity
      llmbench run --profile constant --sweep rate=2,5,10,20 --duration 30s --models gpt-4o-mini
      llmbench run --config examples/current-models.json --sweep reasoning_effort=low,medium,high --label effort
      llmbench run --datasets chats.jsonl --think-time 2s --concurrency 4   # conversations, turn by turn
    """

    var options: RunOptions
    var sweep: Sweep?

    init(_ a: Arguments) throws {
        options = try RunOptions(a)
        sweep = try a.string("sweep").map {
            try Sweep.parse($0, maxErrorRate: try a.double("sweep-max-error-rate", min: 0) ?? 0.1,
                            maxLagMs: try a.double("sweep-max-lag-ms", min: 0) ?? 100)
        }
        if sweep?.dimension == .rate, options.profile == .concurrent, a.string("profile") == nil {
            options.profile = .constant(ratePerSecond: 1)   // the rate is set per segment
        }
    }

    func run() throws -> ExitCode {
        guard let sweep else { return try RunSession(options: options).execute() }
        return try sweep.execute(base: options)
    }
}
