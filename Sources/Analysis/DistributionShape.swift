import LLMBenchCore

/// The five numbers a box plot draws from a per-request distribution: p5, p25, median, p75, p95
/// (`Percentile.linear`, numpy's default; whiskers at p5 and p95, not min and max, so one timeout does
/// not flatten the box). `nil` for no values.
public struct BoxFigures: Sendable, Equatable {
    public var p5: Double, p25: Double, p50: Double, p75: Double, p95: Double
    public var count: Int

    public init?(sorted xs: [Double]) {
        guard let p5 = Percentile.linear(xs, 0.05), let p25 = Percentile.linear(xs, 0.25), let p50 = Percentile.linear(xs, 0.5),
              let p75 = Percentile.linear(xs, 0.75), let p95 = Percentile.linear(xs, 0.95) else { return nil }
        self.p5 = p5; self.p25 = p25; self.p50 = p50; self.p75 = p75; self.p95 = p95; count = xs.count
    }

    /// What the five numbers are, for a caption.
    public static let description = "whiskers p5 and p95, box p25 to p75, bar at the median"
}

/// The cost-quality frontier of one dataset: models that no other model beats on both mean cost per
/// request (lower) and quality (higher) at once, i.e. not dominated on (cost ≤, quality ≥, one strictly).
/// The chart's 2-D view; the article's `Pareto` adds e2e latency and the run's noise.
public enum CostQualityFrontier {
    public struct Point: Sendable, Equatable {
        public var model: String
        public var cost: Double
        public var quality: Double
        public init(model: String, cost: Double, quality: Double) { self.model = model; self.cost = cost; self.quality = quality }
    }

    /// The frontier points sorted by cost (then quality descending): the staircase a chart draws.
    public static func frontier(_ points: [Point]) -> [Point] {
        let finite = points.filter { $0.cost.isFinite && $0.quality.isFinite }
        return finite.filter { p in
            !finite.contains { q in q.cost <= p.cost && q.quality >= p.quality && (q.cost < p.cost || q.quality > p.quality) }
        }.sorted { ($0.cost, -$0.quality, $0.model) < ($1.cost, -$1.quality, $1.model) }
    }
}
