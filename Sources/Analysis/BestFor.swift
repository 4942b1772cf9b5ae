/// "Best for" a task: the cheapest model whose quality is within a margin of the best model's.
///
/// Rule: let q* be the highest quality among models with a quality value; the eligible models are
/// those with quality ≥ q* − margin (the comparison allows 1e-12 of rounding). Among them the pick
/// is the lowest cost; models without a cost rank after every priced one (an unknown cost is never
/// "cheapest"); ties go to the higher quality, then the model name. So when no model is priced, the
/// pick is the best-quality model. The margin is on the metric's own scale: the article table uses
/// 2 points on 0-100 scales (BLEU, chrF, EM, F1) and 0.02 on ROUGE's 0-1 scale.
public enum BestFor {
    /// One model's quality and cost on one task (cost in any unit, the same for every model).
    public struct Candidate: Sendable, Equatable {
        public var model: String
        public var quality: Double?
        public var cost: Double?
        public init(model: String, quality: Double?, cost: Double?) {
            self.model = model; self.quality = quality; self.cost = cost
        }
    }

    /// The pick and why.
    public struct Choice: Sendable, Equatable {
        public var model: String
        public var quality: Double
        public var cost: Double?
        /// The model with the highest quality (the first by name on a tie) and its quality.
        public var bestModel: String
        public var bestQuality: Double
        public var margin: Double
        /// Every eligible model, cheapest first (the pick is the first).
        public var withinMargin: [String]
    }

    /// The choice; `nil` when no model has a quality value.
    public static func choose(_ candidates: [Candidate], margin: Double) -> Choice? {
        let scored = candidates.filter { $0.quality.map(\.isFinite) ?? false }
        guard let best = scored.sorted(by: { ($0.quality!, $1.model) > ($1.quality!, $0.model) }).first else { return nil }
        let floor = best.quality! - max(0, margin) - 1e-12
        let eligible = scored.filter { $0.quality! >= floor }.sorted { a, b in
            switch (a.cost, b.cost) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default:
                if a.quality! != b.quality! { return a.quality! > b.quality! }
                return a.model < b.model
            }
        }
        let pick = eligible[0]
        return Choice(model: pick.model, quality: pick.quality!, cost: pick.cost, bestModel: best.model,
                      bestQuality: best.quality!, margin: max(0, margin), withinMargin: eligible.map(\.model))
    }
}
