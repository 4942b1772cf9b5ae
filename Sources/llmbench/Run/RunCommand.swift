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
    static let options = Options()

    /// The options of `llmbench run`, each declared once (name, value type, default, help): add a
    /// flag here as one property and read it in `RunOptions.init` (see `Option`).
    struct Options: OptionGroup {
        let config = Opt.string("config", "FILE", "Models to compare (JSON; see README 'Config'). Default: built-in simulated models.")
        let models = Opt.list("models", "A,B", "Only these models (names from the config, or simulated profile names).")
        let datasets = Opt.list("datasets", "A,B", default: RunOptions.defaultDatasets, "Shipped names (summarization, qa, translation), or paths of .jsonl/.csv files or manifests (.json).")
        let fields = Opt.string("fields", "F=COL,…", "Your files' columns for the task's fields, e.g. document=article,summary=highlights,id=key.")
        let template = Opt.string("template", "FILE", "Your prompt for your files: text with {field} placeholders, or .json {\"system\", \"user\"}.")
        let dataDir = DataDirectoryOptions()
        let synthetic = Opt.string("synthetic", "SPEC", "Synthetic prompts instead of datasets: input=512,output=128[,input_stddev=N,output_stddev=N,shared_prefix=N]; lengths in o200k_base tokens, whole words.")
        let requests = Opt.int("requests", default: 20, in: 1...10_000_000, "Requests per model and dataset (cycles through a dataset when N is larger).")
        let warmup = Opt.int("warmup", default: 0, in: 0...1_000_000, "Warmup requests per model, sent first, stored, left out of the figures.")
        let profile = Opt.choice("profile", default: ProfileName.concurrent, "The arrival process: concurrent is a closed loop of --concurrency streams; constant and poisson are open loops at --rate.")
        let concurrency = Opt.int("concurrency", default: 8, in: 1...4096, "Streams per model; a model's max_concurrency lowers it.")
        let rate = Opt.double("rate", "R", min: 1e-6, max: 1e6, "Requests per second per model: a limit (concurrent) or the arrival rate (constant, poisson).")
        let burst = Opt.double("burst", "N", default: 1, min: 1, max: 1e6, "Token-bucket capacity of --rate for the concurrent profile.")
        let rpm = Opt.double("rpm", "R", min: 0, exclusiveMin: true, max: ModelLimits.maxPerMinute, "Requests per minute per model (overrides the config's limit).")
        let tpm = Opt.double("tpm", "R", min: 0, exclusiveMin: true, max: ModelLimits.maxPerMinute, "Tokens per minute per model (overrides the config's limit).")
        let duration = Opt.duration("duration", default: 600_000_000_000, allowZero: false, "No new request after this long: 90s, 10m, 1h (at most 30 days).")
        let retries = Opt.int("retries", default: 0, in: 0...20, "Retry 429, overload, 5xx, connect errors and timeouts up to N times.")
        let stopAfterFailures = Opt.int("stop-after-failures", fallback: FailureStop.defaultLimit, in: 0...10_000_000,
                                        "End a model's part of the run after N failed requests in a row; its unsent requests are stored as not_sent. The default spares models served by an llmbench simulator; 0: never.")
        let timeout = Opt.duration("timeout", fallback: Timeouts.default.totalNs, "Total time per request.")
        let connectTimeout = Opt.duration("connect-timeout", fallback: Timeouts.default.connectNs, "Connect timeout.")
        let firstByteTimeout = Opt.duration("first-byte-timeout", fallback: Timeouts.default.firstByteNs, "Time to the first response byte.")
        let idleTimeout = Opt.duration("idle-timeout", fallback: Timeouts.default.idleNs, "Longest gap between streamed chunks.")
        let maxResponseText = Opt.int("max-response-text", "BYTES", fallback: ResponseLimits.maxStoredTextBytes, in: 1024...(64 << 20),
                                      "Stored answer text per request, in bytes; a longer answer is cut, its length kept.")
        let seed = Opt.uint64("seed", default: 0, "Seed for shuffles, arrivals, jitter and the simulator.")
        let shard = Opt.string("shard", "I/N", "Send only shard I of N (1 ≤ I ≤ N) of the planned requests; --rate, --concurrency, --max-cost and every model's limits are divided by N. Needs --run-group.")
        let runGroup = Opt.string("run-group", "ID", "The id the shards of one run share (e.g. nightly-2026-12-01); `merge` reports a group's shards as one run.")
        let database = DatabaseOptions("SQLite database to append the run to.")
        let label = Opt.string("label", "TEXT", "A name for this run (usable wherever a run is expected).")
        let timeScale = Opt.double("time-scale", "X", default: 1, min: 0, max: 1_000, "Embedded simulator only: multiply its latencies by X.")
        let faults = Opt.string("faults", "SPEC", "Embedded simulator only: inject faults, e.g. http_429=0.05,truncate=0.02.")
        let prices = PricesOptions("Price overrides laid over the data directory's pricing.json (our format or LiteLLM's).")
        let maxCost = Opt.double("max-cost", "USD", min: 0, exclusiveMin: true, max: 1e6, "Stop sending once spent + worst case of requests in flight would pass USD.")
        let dryRun = Opt.flag("dry-run", "Validate everything and print the worst-case cost; send nothing.")
        let failOn = Opt.string("fail-on", "RULES", "Exit 1 when a figure passes a level, e.g. error_rate>0.02,ttft_ms_p95>1500.")
        let slo = Opt.string("slo", "RULES", "Per-request SLOs for goodput, e.g. ttft_ms=500,e2e_ms=3000.")
        let format = FormatOptions(default: RunOutputFormat.markdown,
                                   "Printed at the end. Without --format: summary when stdout is a terminal (one block; the full report written beside the database), else markdown.")
        let sweep = Opt.string("sweep", "DIM=V,V", "One run segment per value: concurrency=1,4,16, rate=1,5,10 or reasoning_effort=low,medium,high (labelled LABEL/DIM=V).")
        let sweepMaxErrorRate = Opt.double("sweep-max-error-rate", "R", default: 0.1, min: 0, max: 1, "Sweep: stop after a segment whose error rate passes R.")
        let sweepMaxLagMs = Opt.double("sweep-max-lag-ms", "MS", default: 100, min: 0, "Sweep: stop after a segment whose dispatch lag p99 passes MS.")
        let shuffle = Opt.flag("shuffle", "Shuffle each dataset's requests with --seed (after --requests takes the first N items); --seed alone does not shuffle.")
        let replayAssistant = Opt.flag("replay-assistant", "Conversation datasets: send the recorded answers as history, not the model's own.")
        let thinkTime = Opt.duration("think-time", fallback: 0, "Conversation datasets: pause after each answer before the next turn, at most 24h (a line's think_time_ms wins).")
        let quiet = Opt.flag("quiet", "No progress line.")
    }

    /// `--profile`: the arrival process.
    enum ProfileName: String, OptionEnum { case concurrent, constant, poisson }

    static let exitCodes = ExitCodeHelp.common + [
        ExitCodeHelp(.regression, "a --fail-on rule failed (requests that failed are data: the run still exits 0)"),
        ExitCodeHelp(.hangUp, "stopped by SIGHUP; the run is stored, marked interrupted"),
        ExitCodeHelp(.interrupted, "stopped by SIGINT (Ctrl-C); the run is stored, marked interrupted"),
        ExitCodeHelp(.terminated, "stopped by SIGTERM; the run is stored, marked interrupted"),
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
      llmbench run --shard 2/10 --run-group nightly-42 --db shard-2.sqlite   # one of ten machines (then: llmbench merge)
    """

    var options: RunOptions
    var sweep: Sweep?

    init(_ a: Arguments) throws {
        options = try RunOptions(a)
        let o = Self.options
        sweep = try a.value(o.sweep).map {
            try Sweep.parse($0, maxErrorRate: try a.value(o.sweepMaxErrorRate), maxLagMs: try a.value(o.sweepMaxLagMs))
        }
        if sweep != nil, options.shard != nil {
            throw LLMBenchError.usage("--\(o.shard.spec.name) does not apply to --\(o.sweep.spec.name) yet: shard each segment as its own run")
        }
        if sweep?.dimension == .rate, options.profile == .concurrent, !a.given(o.profile) {
            options.profile = .constant(ratePerSecond: 1)   // the rate is set per segment
        }
    }

    func run() throws -> ExitCode {
        guard let sweep else { return try RunSession(options: options).execute() }
        return try sweep.execute(base: options)
    }
}
