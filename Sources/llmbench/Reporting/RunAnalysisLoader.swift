import Analysis
import Foundation
import LLMBenchCore
import Pricing
import Store

/// Reads one run from the database (never the network) and feeds it into `RunAnalyzer`: records
/// from `requests`, prices stored with the run (or `--prices` on purpose), scores from `scores`.
/// Every figure is computed in Analysis; this only does the I/O. Every report, compare, price and
/// gate reads runs through here, so they agree on every figure.
struct RunAnalysisLoader {
    var db: Database
    /// Re-price with this catalog instead of the prices stored with the run.
    var reprice: PriceCatalog?
    /// Price requests whose token counts are local estimates (off by default).
    var priceEstimates = false
    /// Price at the providers' batch discount (`batch_discount` of each entry).
    var batch = false
    /// Model → price entry JSON that replaces the run's stored entry (`compare`'s `Repricing`).
    var priceOverrides: [String: String] = [:]
    /// The day a model's catalog lifecycle is judged on (`YYYY-MM-DD`, UTC): a model retired since
    /// the run was made is flagged as retired now.
    var today: String = HostInfo.today()

    init(db: Database, reprice: PriceCatalog? = nil, priceEstimates: Bool = false, batch: Bool = false) {
        self.db = db; self.reprice = reprice; self.priceEstimates = priceEstimates; self.batch = batch
    }

    /// Resolves `ref` (`latest`, an id or prefix, a label, a baseline name) and analyses that run.
    func load(_ ref: String) throws -> RunAnalysis {
        try load(run: try db.resolveRun(ref))
    }

    func load(run: RunInfo) throws -> RunAnalysis {
        let settings = RunSettings.decodeOrEmpty(run.settingsJSON)
        let entries = try priceEntries(run: run, settings: settings)
        let pricing = CostPricing(entries: entries, priceEstimates: priceEstimates,
                                  batch: batch)
        var analyzer = RunAnalyzer(settings: settings, pricing: pricing, routesScoresByAttempt: false)
        // Rows are read and decoded on a second thread while this one analyses them.
        try db.forEachRequestReadAhead(runId: run.id, fields: .metrics) { analyzer.add($0) }
        try db.forEachScoreOfSuccessfulAttempt(runId: run.id) { s, model, dataset in
            analyzer.addScore(model: model, dataset: dataset, requestIndex: s.requestIndex, attempt: s.attempt,
                              metric: s.metric, value: s.value)
        }
        var analysis = analyzer.finish(run: run)
        for (model, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let l = ModelLifecycle(entry, on: today)
            guard !l.isCurrent, analysis.models.contains(model) else { continue }
            analysis.lifecycle[model] = l
            if let text = CatalogNotices.lifecycle(model: model, entry: entry, today: today) { analysis.notes.append("Catalog: " + text + ".") }
        }
        let extras = try db.runExtras(id: run.id)
        if let extras, extras.capped {
            analysis.notes.insert("Capped: the run stopped sending early (\(extras.notes ?? "spending cap reached")).", at: 0)
        } else if let extras, let notes = extras.notes, run.isMergedGroup {
            // A group run's note says which shards it holds (and which retried ones merge left out).
            analysis.notes.insert("Sharded: \(notes).", at: 0)
        } else if let extras, let notes = extras.notes, run.status != .failed {
            analysis.notes.insert("Stopped early: \(notes).", at: 0)
        }
        // Derived when read (a reader never writes): a `running` run whose heartbeat went silent.
        switch run.liveness(now: Date()) {
        case .crashed(let seen):
            analysis.notes.insert("Crashed: the run is still marked running but its process stopped (last seen \(seen)); "
                                  + "its stored requests are valid, the last batch may be missing.", at: 0)
        case .running(let seen):
            analysis.notes.insert("Running: the run is still going (last seen \(seen)); these figures are partial.", at: 0)
        case .finished:
            if run.status == .failed {
                analysis.notes.insert("Failed: \(extras?.notes ?? "the run ended with an error"); its stored requests are valid.", at: 0)
            }
        }
        if run.status == .interrupted {
            analysis.notes.insert("Interrupted: the run was stopped before it finished; in-flight requests are recorded as cancelled.", at: 0)
        }
        return analysis
    }

    /// The run's priced attempts as a token profile (`price --catalog`).
    func tokenProfile(run: RunInfo) throws -> TokenProfile {
        var profile = TokenProfile(priceEstimates: priceEstimates)
        try db.forEachRequest(runId: run.id, fields: .figures) { profile.add($0) }
        return profile
    }

    /// Model name → price entry: the `--prices` catalog when re-pricing, else the entries stored with the run.
    func priceEntries(run: RunInfo) throws -> [String: PriceEntry] {
        try priceEntries(run: run, settings: RunSettings.decodeOrEmpty(run.settingsJSON))
    }

    private func priceEntries(run: RunInfo, settings: RunSettings) throws -> [String: PriceEntry] {
        var out: [String: PriceEntry] = [:]
        if let catalog = reprice {
            for (name, key) in CostPricing.priceKeys(settings) {
                if let e = catalog.entry(for: key) ?? catalog.entry(for: name) { out[name] = e }
            }
            return out
        }
        for p in try db.runPrices(runId: run.id) {
            let json = priceOverrides[p.model] ?? p.entryJSON
            if let e = try? JSONDecoder().decode(PriceEntry.self, from: Data(json.utf8)) { out[p.model] = e }
        }
        return out
    }
}
