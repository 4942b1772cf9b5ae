import LLMBenchCore

/// The one list of metric names: every name used in JSON keys, CSV headers, gates and SLOs.
///
/// Order: counts and error rate, the per-request distributions (each with every `Statistic`),
/// aggregate throughput, then failures by kind and token provenance. docs/metrics.md describes it.
public enum MetricCatalog {
    public static let all: [MetricDefinition] = build()

    /// Looks a name up; `nil` when it is not in the list.
    public static func definition(named name: String) -> MetricDefinition? { index[name].map { all[$0] } }

    /// Every name, in list order.
    public static var names: [String] { all.map(\.name) }

    private static let index: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })

    private static func scalar(_ m: ScalarMetric) -> MetricDefinition {
        MetricDefinition(name: m.rawValue, label: m.label, unit: m.unit, direction: m.direction, inSummary: m.inSummary)
    }

    private static func build() -> [MetricDefinition] {
        var out: [MetricDefinition] = []
        let head: [ScalarMetric] = [.requests, .attempts, .retries, .succeeded, .errors, .cancelled, .warmup, .errorRate]
        out += head.map(scalar)
        for d in DistributionMetric.allCases {
            for s in Statistic.allCases {
                let unit: MetricUnit = s == .count ? .count : d.unit
                let dir: MetricDirection = s == .count ? .neutral : d.direction
                out.append(MetricDefinition(name: d.name(s), label: "\(d.label) \(s.rawValue)", unit: unit,
                                            direction: dir, inSummary: d.summaryStatistics.contains(s)))
            }
        }
        out += [ScalarMetric.activeDurationS, .outputTokensPerS, .requestsPerS].map(scalar)
        for k in ErrorKind.allCases {
            out.append(MetricDefinition(name: CountMetricNames.errors(k), label: "Failures: \(k.rawValue)",
                                        unit: .count, direction: .lowerIsBetter, inSummary: false))
        }
        for s in CountMetricNames.tokenSources {
            out.append(MetricDefinition(name: CountMetricNames.tokensSource(s), label: "Token counts: \(s.rawValue)",
                                        unit: .count, direction: .neutral, inSummary: false))
        }
        out.append(MetricDefinition(name: CountMetricNames.tokensSourceNone, label: "Token counts: none",
                                    unit: .count, direction: .neutral, inSummary: false))
        precondition(Set(out.map(\.name)).count == out.count, "metric names must be unique")
        return out
    }
}
