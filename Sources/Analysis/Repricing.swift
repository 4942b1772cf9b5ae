/// One model's stored price of one run: its catalog stamp and the entry (JSON, as `run_prices` holds it).
public struct StoredPrice: Sendable, Equatable {
    public var stamp: PriceStamp
    public var entryJSON: String
    public init(stamp: PriceStamp, entryJSON: String) { self.stamp = stamp; self.entryJSON = entryJSON }
}

/// Which runs of a comparison to re-price so that every run prices a model with the same, newest
/// catalog (issue 12: a newer price catalog only warns, and both sides are re-priced with it).
///
/// For each model, the newest stamp among the runs wins: the later `catalog_date` (ISO dates compare
/// as text; an undated catalog is the oldest), and on equal dates the candidate's. Every run whose
/// stamp for that model differs is re-priced with the winner's entry; a run without a price for the
/// model is left alone (it stays unpriced and the report says so).
public enum Repricing {
    /// - Parameters:
    ///   - runs: each run's stored prices; the candidate last.
    /// - Returns: per run (same order), model → the entry JSON to price it with instead of its own,
    ///   and the models re-priced anywhere, sorted.
    public static func newestCatalog(runs: [[StoredPrice]]) -> (overrides: [[String: String]], models: [String]) {
        var overrides = [[String: String]](repeating: [:], count: runs.count)
        var models = Set<String>()
        let names = Set(runs.flatMap { $0.map(\.stamp.model) })
        for model in names {
            let priced = runs.enumerated().compactMap { i, prices in prices.first { $0.stamp.model == model }.map { (i, $0) } }
            guard let newest = priced.max(by: { a, b in
                let da = a.1.stamp.catalogDate ?? "", db = b.1.stamp.catalogDate ?? ""
                return da != db ? da < db : a.0 < b.0
            })?.1 else { continue }
            for (i, p) in priced where p.stamp.catalogSHA256 != newest.stamp.catalogSHA256
                || p.stamp.catalogDate != newest.stamp.catalogDate {
                overrides[i][model] = newest.entryJSON
                models.insert(model)
            }
        }
        return (overrides, models.sorted())
    }
}
