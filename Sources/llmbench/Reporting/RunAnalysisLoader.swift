import Analysis
import Foundation
import LLMBenchCore
import Pricing
import Quality
import Store

/// Builds a run's full analysis from the database alone (never the network): latency and
/// throughput from `requests`, cost from the prices stored with the run (or `--prices` on
/// purpose), quality from `scores`. Every report, compare, price and gate reads runs through here,
/// so they agree on every figure.
struct RunAnalysisLoader {
    var db: Database
    /// Re-price with this catalog instead of the prices stored with the run.
    var reprice: PriceCatalog?
    /// Price requests whose token counts are local estimates (off by default).
    var priceEstimates = false
    /// Price at the providers' batch discount (`batch_discount` of each entry).
    var batch = false

    init(db: Database, reprice: PriceCatalog? = nil, priceEstimates: Bool = false, batch: Bool = false) {
        self.db = db; self.reprice = reprice; self.priceEstimates = priceEstimates; self.batch = batch
    }

    /// Resolves `ref` (`latest`, an id or prefix, a label, a baseline name) and analyses that run.
    func load(_ ref: String) throws -> RunAnalysis {
        try load(run: try db.resolveRun(ref))
    }

    func load(run: RunInfo) throws -> RunAnalysis {
        let entries = try priceEntries(run: run)
        var analyzer = RunAnalyzer()
        var costs = CostAccumulator(entries: entries, priceEstimates: priceEstimates, batch: batch)
        var owner: [AttemptKey: GroupKey] = [:]
        var load = LoadRows(settingsJSON: run.settingsJSON)
        try db.forEachRequest(runId: run.id) { r in
            analyzer.add(r)
            load.add(r)
            guard !r.warmup else { return }
            costs.add(r)
            if r.status == .ok { owner[AttemptKey(index: r.requestIndex, attempt: r.attempt)] = GroupKey(model: r.model, dataset: r.dataset) }
        }
        var analysis = analyzer.finish(run: run)
        costs.addRows(to: &analysis)
        load.addRows(to: &analysis)
        if costs.hasNoPrices { analysis.notes.append("No model of this run has a price: cost rows show no value.") }
        else { for m in costs.unpricedModels(in: analysis) { analysis.notes.append("No price for model \"\(m)\": its cost shows as no value (add it with --prices FILE).") } }
        try addQuality(to: &analysis, runId: run.id, owner: owner)
        if batch { analysis.notes.append("Priced at each provider's batch discount (--batch-pricing).") }
        if let extras = try db.runExtras(id: run.id), extras.capped {
            analysis.notes.insert("Capped: the run stopped sending early (\(extras.notes ?? "spending cap reached")).", at: 0)
        }
        if run.status == .interrupted {
            analysis.notes.insert("Interrupted: the run was stopped before it finished; in-flight requests are recorded as cancelled.", at: 0)
        }
        return analysis
    }

    /// Model name → price entry: the `--prices` catalog when re-pricing, else the entries stored with the run.
    func priceEntries(run: RunInfo) throws -> [String: PriceEntry] {
        var out: [String: PriceEntry] = [:]
        if let catalog = reprice {
            for (name, key) in Self.priceKeys(settingsJSON: run.settingsJSON) {
                if let e = catalog.entry(for: key) ?? catalog.entry(for: name) { out[name] = e }
            }
            return out
        }
        for p in try db.runPrices(runId: run.id) {
            if let e = try? JSONDecoder().decode(PriceEntry.self, from: Data(p.entryJSON.utf8)) { out[p.model] = e }
        }
        return out
    }

    /// Model name → the key it is priced by (its `price`, else its provider model id), from the run's settings.
    static func priceKeys(settingsJSON: String) -> [(String, String)] {
        guard let s = try? JSONSerialization.jsonObject(with: Data(settingsJSON.utf8)) as? [String: Any],
              let models = s["models"] as? [[String: Any]] else { return [] }
        return models.compactMap { m in
            guard let name = m["name"] as? String else { return nil }
            return (name, (m["price"] as? String) ?? (m["model"] as? String) ?? name)
        }
    }

    /// Quality rows: the mean of each stored score over the group's scored attempts (ok, not warmup).
    private func addQuality(to a: inout RunAnalysis, runId: String, owner: [AttemptKey: GroupKey]) throws {
        var values: [GroupKey: [String: [Double]]] = [:]
        var scored: [GroupKey: Set<AttemptKey>] = [:]
        try db.forEachScore(runId: runId) { s in
            let k = AttemptKey(index: s.requestIndex, attempt: s.attempt)
            guard let g = owner[k] else { return }
            for key in [g, GroupKey(model: g.model, dataset: nil)] {
                values[key, default: [:]][s.metric, default: []].append(s.value)
                scored[key, default: []].insert(k)
            }
        }
        for m in QualityMetricName.allCases {
            let unit: MetricUnit = m.isUnitInterval ? .score : .score
            a.register(MetricDefinition(name: "\(m.rawValue)_mean", label: m.label, unit: unit, direction: .higherIsBetter,
                                        inSummary: true))
        }
        a.register(MetricDefinition(name: "scored_requests", label: "Scored responses", unit: .count, direction: .neutral,
                                    inSummary: false))
        for (key, metrics) in values {
            for (metric, xs) in metrics where !xs.isEmpty {
                a.add(metric: MetricValue(name: "\(metric)_mean", unit: .score, value: xs.reduce(0, +) / Double(xs.count)), to: key)
                a.add(samples: xs, base: metric, to: key)
            }
            a.add(metric: MetricValue(name: "scored_requests", unit: .count, value: Double(scored[key]?.count ?? 0)), to: key)
        }
    }
}

/// One attempt of one request, as `scores` refers to it.
struct AttemptKey: Hashable {
    var index: Int
    var attempt: Int
}

extension QualityMetricName {
    /// ROUGE F-measures are 0–1; the others 0–100.
    var isUnitInterval: Bool { [.rouge1F, .rouge2F, .rougeLF, .rougeLsumF].contains(self) }

    var label: String {
        switch self {
        case .rouge1F: return "ROUGE-1 F (0-1)"
        case .rouge2F: return "ROUGE-2 F (0-1)"
        case .rougeLF: return "ROUGE-L F (0-1)"
        case .rougeLsumF: return "ROUGE-Lsum F (0-1)"
        case .bleu: return "BLEU (sentence, mean)"
        case .chrf: return "chrF (sentence, mean)"
        case .exactMatch: return "Exact match (%)"
        case .f1: return "F1 (%)"
        }
    }
}
