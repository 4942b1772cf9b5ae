/// Pareto dominance of models on (cost, latency, quality): who is beaten on every axis at once.
///
/// Model A dominates model B when A is no worse than B on all three axes (cost ≤, latency ≤,
/// quality ≥) and strictly better on at least one. A model no other model dominates is on the
/// frontier. Models missing any of the three values take no part ("not compared"), since an
/// unknown cost or quality can neither beat nor be beaten.
///
/// Noise: when both points carry their per-request samples, dominance is declared only when on at
/// least one axis where A is better, the 95% percentile-bootstrap interval of A's advantage (mean
/// cost, p95 latency, mean quality; `Bootstrap.change`, seeded) excludes 0. Otherwise A is only
/// ahead by noise: B is "within noise of" A and stays on the frontier. Two aliases of one model
/// are then never said to dominate each other.
public enum Pareto {
    /// One model's per-request values behind its coordinates (any order): cost per request,
    /// e2e latency, quality score.
    public struct Samples: Sendable, Equatable {
        public var cost: [Double]
        public var latency: [Double]
        public var quality: [Double]
        public init(cost: [Double], latency: [Double], quality: [Double]) {
            self.cost = cost; self.latency = latency; self.quality = quality
        }
    }

    /// One model's coordinates: cost and latency lower is better, quality higher is better.
    public struct Point: Sendable, Equatable {
        public var model: String
        public var cost: Double?
        public var latency: Double?
        public var quality: Double?
        /// The values the coordinates summarise; `nil`: no noise test for this point.
        public var samples: Samples?
        public init(model: String, cost: Double?, latency: Double?, quality: Double?, samples: Samples? = nil) {
            self.model = model; self.cost = cost; self.latency = latency; self.quality = quality; self.samples = samples
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
        /// Frontier models that another model beats on the point values but only within the run's
        /// noise, each with those models (input order).
        public var withinNoise: [(model: String, of: [String])] = []

        public static func == (a: Result, b: Result) -> Bool {
            a.frontier == b.frontier && a.notCompared == b.notCompared
                && a.dominated.map(\.model) == b.dominated.map(\.model) && a.dominated.map(\.by) == b.dominated.map(\.by)
                && a.withinNoise.map(\.model) == b.withinNoise.map(\.model) && a.withinNoise.map(\.of) == b.withinNoise.map(\.of)
        }
    }

    /// Whether `a` dominates `b` on the point values (both must be complete; otherwise `false`).
    public static func dominates(_ a: Point, _ b: Point) -> Bool {
        guard a.isComplete, b.isComplete,
              let ac = a.cost, let al = a.latency, let aq = a.quality,
              let bc = b.cost, let bl = b.latency, let bq = b.quality else { return false }
        let noWorse = ac <= bc && al <= bl && aq >= bq
        let better = ac < bc || al < bl || aq > bq
        return noWorse && better
    }

    /// Whether `a`'s lead over `b` is outside the noise: some axis on which `a` is better has a 95%
    /// bootstrap interval of the advantage that excludes 0. `true` when either lacks samples.
    public static func beyondNoise(_ a: Point, _ b: Point, resamples: Int = 1000) -> Bool {
        guard let sa = a.samples, let sb = b.samples else { return true }
        let axes: [(better: Bool, a: [Double], b: [Double], statistic: Statistic, lowerIsBetter: Bool)] = [
            (a.cost! < b.cost!, sa.cost, sb.cost, .mean, true),
            (a.latency! < b.latency!, sa.latency, sb.latency, .p95, true),
            (a.quality! > b.quality!, sa.quality, sb.quality, .mean, false),
        ]
        for axis in axes where axis.better {
            // change = a − b; a is better when the whole interval is below 0 (cost, latency) or above 0 (quality).
            guard let c = Bootstrap.change(baseline: axis.b, candidate: axis.a, statistic: axis.statistic,
                                           resamples: resamples) else { continue }
            if axis.lowerIsBetter ? c.absoluteInterval.upper < 0 : c.absoluteInterval.lower > 0 { return true }
        }
        return false
    }

    /// Every point's verdict (O(n²) comparisons; n is the number of models; a bootstrap per
    /// better axis of each pair that dominates on the point values).
    public static func analyse(_ points: [Point]) -> Result {
        let complete = points.filter(\.isComplete)
        var dominated: [(model: String, by: [String])] = []
        var frontier: [String] = []
        var withinNoise: [(model: String, of: [String])] = []
        for p in complete {
            let ahead = complete.filter { dominates($0, p) }
            let by = ahead.filter { beyondNoise($0, p) }.map(\.model)
            if by.isEmpty {
                frontier.append(p.model)
                if !ahead.isEmpty { withinNoise.append((p.model, ahead.map(\.model))) }
            } else {
                dominated.append((p.model, by))
            }
        }
        return Result(dominated: dominated, frontier: frontier, notCompared: points.filter { !$0.isComplete }.map(\.model),
                      withinNoise: withinNoise)
    }
}
