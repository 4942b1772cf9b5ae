import Report
import LLMBenchCore

/// `llmbench metrics`: every metric llmbench reports, from the registry (the README table is this output).
struct MetricsCommand: Command {
    static let name = "metrics"
    static let abstract = "List every metric with its unit, direction, statistics and formula."
    static let options: [OptionSpec] = [
        .value("format", "FMT", "markdown (default) or json."),
        .value("out", "FILE", "Write to FILE instead of stdout."),
    ]
    static let discussion = """
    EXAMPLES:
      llmbench metrics
      llmbench metrics --format json | jq '.metrics[].names[]'    # every name --gate and --fail-on accept
    """

    var json: Bool
    var out: String?

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench metrics takes no positional arguments; see --help") }
        switch a.string("format") ?? "markdown" {
        case "markdown": json = false
        case "json": json = true
        case let f: throw LLMBenchError.usage("--format: unknown format '\(f)' (valid: markdown, json)")
        }
        out = a.string("out")
    }

    func run() throws -> ExitCode {
        try Console.emit(json ? MetricsReference.json() : MetricsReference.markdown(), to: out)
        return .ok
    }
}
