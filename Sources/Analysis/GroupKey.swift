/// What a group of figures is about: one model on one dataset, or one model over every dataset
/// (`dataset == nil`, the per-model totals).
public struct GroupKey: Hashable, Sendable, Comparable {
    public var model: String
    /// `nil` for the per-model totals over every dataset.
    public var dataset: String?

    /// A conversation dataset's by-turn group (`RunAnalysis.byTurn`): the 1-based turn; nil otherwise.
    public var turn: Int?

    public init(model: String, dataset: String?, turn: Int? = nil) { self.model = model; self.dataset = dataset; self.turn = turn }

    /// Model, then dataset; totals (`nil`) after the datasets of their model.
    public static func < (a: GroupKey, b: GroupKey) -> Bool {
        if a.model != b.model { return a.model < b.model }
        switch (a.dataset, b.dataset) {
        case let (x?, y?) where x == y: return (a.turn ?? 0) < (b.turn ?? 0)
        case let (x?, y?): return x < y
        case (_?, nil): return true
        default: return false
        }
    }
}
