import LLMBenchCore

/// Which metrics `llmbench trend` follows: reported names of the one registry (`MetricRegistry`).
public enum TrendMetrics {
    /// Followed when `--metrics` is not given: the two headline latencies, errors and cost.
    public static let defaultNames = ["ttft_ms_p95", "e2e_ms_p95", "error_rate", "cost_usd_per_request_mean"]

    /// The definitions of `names`, in order, each once; an unknown name is a usage error (exit 64)
    /// listing the valid names; `flag` is the option named in messages.
    public static func definitions(_ names: [String], flag: String) throws -> [MetricDefinition] {
        guard !names.isEmpty else { throw LLMBenchError.usage("\(flag): no metrics given (e.g. ttft_ms_p95,e2e_ms_p95)") }
        var out: [MetricDefinition] = []
        for name in names where !out.contains(where: { $0.name == name }) {
            try Gate.requireKnown(name, known: MetricRegistry.names, flag: flag)
            out.append(MetricRegistry.definition(named: name)!)
        }
        return out
    }
}
