import LLMBenchCore

/// What happened when, over one run: failed attempts by error kind and dispatch lag, in time buckets
/// from the run's first scheduled send. Pure; fed every record by `RunAnalyzer`.
///
/// Time of an attempt, s: (intended_start ?? sent − origin) / 1e9, origin the earliest intended start
/// (or send) of the run's non-warmup attempts. Buckets have a 1-2-5 width in seconds chosen so that
/// there are at most `maxBuckets` of them. Dispatch lag is the registry's `dispatch_lag_ms`
/// (`Metric.dispatchLag`, sent − intended, ms), summarised per bucket and model by p50 and max
/// (`Percentile.linear`).
public struct RunTimeline: Sendable, Equatable {
    public static let maxBuckets = 30

    /// One time bucket: `[start, start + width)` seconds after the origin.
    public struct Bucket: Sendable, Equatable {
        public var startS: Double
        /// Sent non-warmup attempts that started in the bucket.
        public var attempts: Int
        /// Failed attempts (`status == error`) by kind.
        public var errors: [ErrorKind: Int]
    }

    /// Dispatch lag of one model in one bucket, ms.
    public struct LagBucket: Sendable, Equatable {
        public var startS: Double
        public var p50Ms: Double
        public var maxMs: Double
        public var count: Int
    }

    /// Bucket width, s.
    public var bucketS: Double
    /// Every bucket from the origin to the last attempt (empty buckets included).
    public var buckets: [Bucket]
    /// Per model, the buckets holding at least one lag value, in time order.
    public var lag: [String: [LagBucket]]

    /// Error kinds that occurred, most failures first (ties by name).
    public var errorKinds: [ErrorKind] {
        var total: [ErrorKind: Int] = [:]
        for b in buckets { for (k, n) in b.errors { total[k, default: 0] += n } }
        return total.keys.sorted { (total[$0]!, $1.rawValue) > (total[$1]!, $0.rawValue) }
    }

    /// Collects records; `finish()` buckets them.
    public struct Accumulator: Sendable {
        private var events: [(t: Int64, kind: ErrorKind?)] = []
        private var lags: [String: [(t: Int64, ms: Double)]] = [:]
        private var origin: Int64?

        public init() {}

        /// `dispatch_lag_ms`'s computation, taken out of the registry once (not per record).
        private struct Lag: Sendable {
            let population: AttemptPopulation
            let value: @Sendable (RequestRecord) -> Double?
        }
        private static let lag: Lag? = {
            if case .perAttempt(let population, let value) = Metric.dispatchLag.compute { return Lag(population: population, value: value) }
            return nil
        }()

        public mutating func add(_ r: RequestRecord) {
            guard !r.warmup, r.status != .notSent, let t = r.intendedStartNs ?? r.sentNs else { return }
            origin = min(origin ?? t, t)
            events.append((t, r.status == .error ? (r.errorKind ?? .protocol) : nil))
            if let lag = Self.lag, lag.population.admits(r), let v = lag.value(r) {
                lags[r.model, default: []].append((t, MetricUnit.convert(v, from: Metric.dispatchLag.storedUnit, to: Metric.dispatchLag.displayUnit)))
            }
        }

        /// `nil` when no attempt was sent.
        public func finish() -> RunTimeline? {
            guard let origin, let last = events.map(\.t).max() else { return nil }
            let spanS = Double(last - origin) / 1e9
            let width = RunTimeline.width(spanS: spanS)
            // Integer nanoseconds, so an attempt at exactly 2.9 s falls in the bucket starting at 2.9 s.
            let widthNs = max(1, Int64((width * 1e9).rounded()))
            func index(_ t: Int64) -> Int { Int(min((t - origin) / widthNs, Int64(RunTimeline.maxBuckets))) }
            let n = index(last) + 1
            var buckets = (0..<n).map { Bucket(startS: Double($0) * width, attempts: 0, errors: [:]) }
            for e in events {
                let i = index(e.t)
                buckets[i].attempts += 1
                if let k = e.kind { buckets[i].errors[k, default: 0] += 1 }
            }
            var lag: [String: [LagBucket]] = [:]
            for (model, values) in lags {
                var byBucket: [Int: [Double]] = [:]
                for v in values { byBucket[index(v.t), default: []].append(v.ms) }
                lag[model] = byBucket.keys.sorted().map { i in
                    let xs = byBucket[i]!.sorted()
                    return LagBucket(startS: Double(i) * width, p50Ms: Percentile.linear(xs, 0.5)!, maxMs: xs.last!, count: xs.count)
                }
            }
            return RunTimeline(bucketS: width, buckets: buckets, lag: lag)
        }
    }

    /// The smallest 1-2-5 multiple of a second (from 0.1 s) that covers `spanS` in at most `maxBuckets` buckets.
    public static func width(spanS: Double) -> Double {
        var w = 0.1
        let steps = [1.0, 2.0, 5.0]
        var decade = 0.1
        var i = 0
        while spanS / w >= Double(maxBuckets) {
            i += 1
            if i == steps.count { i = 0; decade *= 10 }
            w = steps[i] * decade
        }
        return w
    }
}
