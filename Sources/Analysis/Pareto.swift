/// Pareto dominance of models on (cost, latency, quality): who is beaten on every axis at once.
///
/// Model A dominates model B when A is no worse than B on all three axes (cost ≤, latency ≤,
/// quality ≥) and strictly better on at least one. A model no other model dominates is on the
/// frontier. Models missing any of the three values take no part ("not compared"), since an
/// unknown cost or quality can neither beat nor be beaten.
public enum Pareto {
    /// One model's coordinates: cost and latency lower is better, quality higher is better.
    public struct Point: Sendable, Equatable {
        public var model: String
        public var cost: Double?
        public var latency: Double?
        public var quality: Double?
        public init(model: String, cost: Double?, latency: Double?, quality: Double?) {
            self.model = model; self.cost = cost; self.latency = latency; self.quality = quality
        }
        /// Whether every coordinate has a (finite) value.
        public var isComplete: Bool {
            [cost, latency, quality].allSatisfy { $0.map(\.isFinite) ?? false }
        }
    }

    /// The verdict over a set of points.
    public struct Result: Sendable, Equatable {
        /// Dominated models, in input order, each with the models that dominate it (input order).
        public var dominated: [(model: String, by: [String])]
        /// Complete points that nothing dominates, in input order.
        public var frontier: [String]
        /// Points missing a coordinate, in input order.
        public var notCompared: [String]

        public static func == (a: Result, b: Result) -> Bool {
            a.frontier == b.frontier && a.notCompared == b.notCompared
                && a.dominated.map(\.model) == b.dominated.map(\.model) && a.dominated.map(\.by) == b.dominated.map(\.by)
        }
    }

    /// Whether `a` dominates `b` (both must be complete; otherwise `false`).
    public static func dominates(_ a: Point, _ b: Point) -> Bool {
        guard a.isComplete, b.isComplete,
              let ac = a.cost, let al = a.latency, let aq = a.quality,
              let bc = b.cost, let bl = b.latency, let bq = b.quality else { return false }
        let noWorse = ac <= bc && al <= bl && aq >= bq
        let better = ac < bc || al < bl || aq > bq
        return noWorse && better
    }

    /// Every point's verdict (O(n²) comparisons; n is the number of models).
    public static func analyse(_ points: [Point]) -> Result {
        let complete = points.filter(\.isComplete)
        var dominated: [(model: String, by: [String])] = []
        var frontier: [String] = []
        for p in complete {
            let by = complete.filter { dominates($0, p) }.map(\.model)
            if by.isEmpty { frontier.append(p.model) } else { dominated.append((p.model, by)) }
        }
        return Result(dominated: dominated, frontier: frontier, notCompared: points.filter { !$0.isComplete }.map(\.model))
    }
}
