import LLMBenchCore

/// Metrics over many runs (`llmbench trend`): per model and metric, the value of each run in start
/// order judged against the rolling median band of the runs before it (`TrendBandRule`), and the
/// same values by UTC hour of day. Pure: the runs come in as values; nothing reads a clock.
public struct TrendAnalysis: Sendable, Equatable {
    public var rule: TrendBandRule
    /// Every run, in start order (`TrendRun.startOrder`), each once.
    public var runs: [TrendRun]
    /// The trended metrics, in the order asked for.
    public var metrics: [MetricDefinition]
    /// The dataset whose groups were read; nil for each model's totals over every dataset.
    public var dataset: String?
    /// One per model × metric that has at least one value: models sorted, metrics in order.
    public var series: [TrendSeries]
    /// Per model × metric × UTC hour with values: models sorted, metrics in order, hours ascending.
    public var hours: [HourOfDay]
    /// Facts a reader must see beside the figures (runs skipped, duplicates across databases).
    public var notes: [String] = []

    /// Whether any run came from the simulator.
    public var simulated: Bool { runs.contains { $0.run.simulated } }
    /// Every model, sorted.
    public var models: [String] { Array(Set(series.map(\.model))).sorted() }

    /// Builds the analysis. `runs` may come in any order and from several databases: a run id seen
    /// twice (a database merged into another) is kept once, from the first database that has it.
    public init(runs input: [TrendRun], metrics: [MetricDefinition], dataset: String? = nil,
                rule: TrendBandRule = TrendBandRule()) {
        var seen: [String: String] = [:]
        var unique: [TrendRun] = []
        var duplicates: [String] = []
        for r in input {
            if let first = seen[r.run.id] {
                if r.database != first { duplicates.append("\(r.run.id.prefix(8)) (in \(first) and \(r.database))") }
                continue
            }
            seen[r.run.id] = r.database
            unique.append(r)
        }
        let ordered = unique.sorted(by: TrendRun.startOrder)
        self.rule = rule
        self.runs = ordered
        self.metrics = metrics
        self.dataset = dataset
        if !duplicates.isEmpty {
            notes.append("\(duplicates.count) run(s) are in more than one database and are counted once: "
                         + duplicates.joined(separator: ", ") + ".")
        }
        let models = Array(Set(ordered.flatMap { $0.values.keys })).sorted()
        var series: [TrendSeries] = []
        for model in models {
            for metric in metrics {
                var points: [TrendPoint] = []
                var previous: [Double] = []
                for (i, r) in ordered.enumerated() {
                    guard let v = r.values[model]?[metric.name] else { continue }
                    let band = rule.band(previous: previous)
                    points.append(TrendPoint(run: i, value: v, band: band, flag: band?.flag(v)))
                    previous.append(v)
                }
                guard !points.isEmpty else { continue }
                series.append(TrendSeries(model: model, metric: metric, points: points,
                                          nextBand: rule.band(previous: previous)))
            }
        }
        self.series = series
        let empty = metrics.filter { m in !series.contains { $0.metric.name == m.name } }.map(\.name)
        if !ordered.isEmpty && !empty.isEmpty {
            notes.append("No run has a value of " + empty.joined(separator: ", ")
                         + (dataset == nil ? "." : " on dataset \(dataset!) (a rate over a model's window exists only for its totals)."))
        }
        self.hours = series.flatMap { HourOfDay.rows($0, runs: ordered) }
    }

    /// The newest run.
    public var latestRun: TrendRun? { runs.last }

    /// The flags of the newest run, in series order: the short answer of every report.
    public var latestFlags: [TrendFlagged] { flags.filter { $0.point.run == runs.count - 1 } }

    /// Every flagged value, newest run first, then in series order.
    public var flags: [TrendFlagged] {
        series.flatMap { s in s.points.filter { $0.flag != nil }.map { TrendFlagged(series: s, point: $0) } }
            .sorted { $0.point.run > $1.point.run }
    }
}

/// One model × metric over the runs.
public struct TrendSeries: Sendable, Equatable {
    public var model: String
    public var metric: MetricDefinition
    /// The runs that have a value, in start order.
    public var points: [TrendPoint]
    /// The band the next run will be judged by (the last `window` values); nil with too few.
    public var nextBand: TrendBand?

    public init(model: String, metric: MetricDefinition, points: [TrendPoint], nextBand: TrendBand?) {
        self.model = model; self.metric = metric; self.points = points; self.nextBand = nextBand
    }

    /// The point of run index `run`, nil when that run has no value.
    public func point(run: Int) -> TrendPoint? { points.first { $0.run == run } }
}

/// One run's value in a series.
public struct TrendPoint: Sendable, Equatable {
    /// Index into `TrendAnalysis.runs`.
    public var run: Int
    /// In the metric's display unit.
    public var value: Double
    /// The band of the runs before it; nil while there are fewer than `minimumHistory`.
    public var band: TrendBand?
    /// Set when the value lies outside its band.
    public var flag: TrendFlag?

    public init(run: Int, value: Double, band: TrendBand?, flag: TrendFlag?) {
        self.run = run; self.value = value; self.band = band; self.flag = flag
    }
}

/// A flagged value with the series it belongs to.
public struct TrendFlagged: Sendable, Equatable {
    public var series: TrendSeries
    public var point: TrendPoint
    /// Whether the side it left by is the worse one (nil: a neutral metric).
    public var isWorse: Bool? { point.flag?.isWorse(series.metric.direction) }
}

/// One model × metric × UTC hour of day: how many runs started in that hour and their median.
public struct HourOfDay: Sendable, Equatable {
    public var model: String
    public var metric: String
    /// 0–23, the UTC hour of the runs' `started_at`.
    public var hourUTC: Int
    public var runs: Int
    /// The median of those runs' values (numpy's median), in the metric's display unit.
    public var median: Double

    public init(model: String, metric: String, hourUTC: Int, runs: Int, median: Double) {
        self.model = model; self.metric = metric; self.hourUTC = hourUTC; self.runs = runs; self.median = median
    }

    /// The hours of `series` that have values (runs whose start does not parse are left out).
    static func rows(_ series: TrendSeries, runs: [TrendRun]) -> [HourOfDay] {
        var byHour: [Int: [Double]] = [:]
        for p in series.points { if let h = runs[p.run].hourUTC { byHour[h, default: []].append(p.value) } }
        return byHour.keys.sorted().compactMap { h in
            let xs = byHour[h]!.sorted()
            return Percentile.linear(xs, 0.5).map {
                HourOfDay(model: series.model, metric: series.metric.name, hourUTC: h, runs: xs.count, median: $0)
            }
        }
    }
}
