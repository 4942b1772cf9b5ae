import Analysis
import Foundation
import LLMBenchCore

/// Load health and goodput rows (issue 7): requested vs achieved rate, dispatch lag and the
/// "generator fell behind" warning per model, and goodput per group when the run had `--slo`.
struct LoadRows {
    private var health: [String: LoadHealthAccumulator] = [:]
    private var goodput: [GroupKey: GoodputAccumulator] = [:]
    let requestedRate: Double?
    let slo: SLOSet?

    /// Reads the profile, rate and SLOs from the run's stored settings.
    init(settingsJSON: String) {
        let s = (try? JSONSerialization.jsonObject(with: Data(settingsJSON.utf8))) as? [String: Any] ?? [:]
        requestedRate = (s["rate_per_s"] as? NSNumber)?.doubleValue
        slo = (s["slo"] as? String).flatMap { try? SLOSet.parse($0) }
    }

    mutating func add(_ r: RequestRecord) {
        health[r.model, default: LoadHealthAccumulator()].add(r)
        if let slo {
            for k in [GroupKey(model: r.model, dataset: r.dataset), GroupKey(model: r.model, dataset: nil)] {
                goodput[k, default: GoodputAccumulator(slo: slo)].add(r)
            }
        }
    }

    static let definitions: [MetricDefinition] = [
        MetricDefinition(name: "requested_rate_per_s", label: "Requested rate", unit: .requestsPerSecond, direction: .neutral, inSummary: false),
        MetricDefinition(name: "achieved_rate_per_s", label: "Achieved send rate", unit: .requestsPerSecond, direction: .higherIsBetter, inSummary: false),
        MetricDefinition(name: "goodput_per_s", label: "Goodput (requests meeting every SLO)", unit: .requestsPerSecond, direction: .higherIsBetter, inSummary: true),
        MetricDefinition(name: "slo_met_fraction", label: "Attempts meeting every SLO", unit: .ratio, direction: .higherIsBetter, inSummary: true),
    ]

    func addRows(to a: inout RunAnalysis) {
        for d in Self.definitions where d.name.hasPrefix("requested") || d.name.hasPrefix("achieved") || slo != nil {
            a.register(d)
        }
        for (model, acc) in health.sorted(by: { $0.key < $1.key }) {
            let h = acc.finish(requestedRatePerSecond: requestedRate)
            let key = GroupKey(model: model, dataset: nil)
            a.add(metric: MetricValue(name: "requested_rate_per_s", unit: .requestsPerSecond, value: h.requestedRatePerSecond), to: key)
            a.add(metric: MetricValue(name: "achieved_rate_per_s", unit: .requestsPerSecond, value: h.achievedRatePerSecond), to: key)
            if let w = h.warning { a.notes.append("\(model): \(w)") }
        }
        if let slo {
            a.notes.append("Goodput counts successful requests that met every SLO (\(slo.text)), per second of the active duration.")
            for (key, acc) in goodput {
                let g = acc.finish()
                a.add(metric: MetricValue(name: "goodput_per_s", unit: .requestsPerSecond, value: g.goodputPerS), to: key)
                a.add(metric: MetricValue(name: "slo_met_fraction", unit: .ratio, value: g.fractionOfAttempts), to: key)
            }
        }
    }
}
