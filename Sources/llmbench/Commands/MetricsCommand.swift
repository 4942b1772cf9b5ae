import Report
import LLMBenchCore

/// `llmbench metrics`: every metric llmbench reports, from the registry (the README table is this output).
struct MetricsCommand: Command {
    static let name = "metrics"
    static let abstract = "List every metric with its unit, direction, statistics and formula."
    static let options = Options()

    struct Options: OptionGroup {
        let format = FormatOptions(default: ReportFormat.markdown, among: [.markdown, .json])
        let out = OutputOptions()
    }

    static let discussion = """
    EXAMPLES:
      llmbench metrics
      llmbench metrics --format json | jq '.metrics[].names[]'    # every name --gate and --fail-on accept
    """

    var json: Bool
    var out: String?

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench metrics takes no positional arguments; see --help") }
        json = try a.value(Self.options.format.format) == .json
        out = try a.value(Self.options.out.out)
    }

    func run() throws -> ExitCode {
        try Console.emit(json ? MetricsReference.json() : MetricsReference.markdown(), to: out)
        return .ok
    }
}
