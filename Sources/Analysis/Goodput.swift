import LLMBenchCore

/// Per-request service-level objectives (`--slo ttft_ms=500,e2e_ms=2000`): each names a
/// per-request latency and the most it may be, in ms.
///
/// These are per-request thresholds, not percentiles (issue 7, as in DistServe's and GuideLLM's
/// goodput): a request meets the SLO set when every one of its values is at or under its limit.
public struct SLOSet: Sendable, Equatable {
    public struct Objective: Sendable, Equatable {
        public var metric: DistributionMetric
        /// The most the per-request value may be, ms.
        public var maxMs: Double
        public init(metric: DistributionMetric, maxMs: Double) { self.metric = metric; self.maxMs = maxMs }
        public var text: String { "\(metric.rawValue)=\(NumberText.plain(maxMs))" }
    }

    public var objectives: [Objective]
    public init(_ objectives: [Objective]) { self.objectives = objectives }

    /// The per-request latencies an SLO may name, from the registry: every per-attempt latency of
    /// successful attempts shown in ms (TTFT, TTFO, thinking, TTFB, ITL, E2E and the from-intended ones).
    public static let allowedMetrics: [DistributionMetric] = MetricRegistry.all.compactMap { m in
        guard case .perAttempt(.succeeded, _) = m.compute, m.displayUnit == .ms, m.direction == .lowerIsBetter else { return nil }
        return DistributionMetric(rawValue: m.name)
    }

    /// Parses `ttft_ms=500,e2e_ms=2000`; a bad entry is a usage error (exit 64) listing the valid names.
    public static func parse(_ text: String) throws -> SLOSet {
        let valid = allowedMetrics.map(\.rawValue).joined(separator: ", ")
        guard !text.trimmingSpaces.isEmpty else {
            throw LLMBenchError.usage("--slo: no objectives given (e.g. ttft_ms=500,e2e_ms=2000; valid: \(valid))")
        }
        var out: [Objective] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = raw.trimmingSpaces
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2 else {
                throw LLMBenchError.usage("--slo: \"\(part)\" should be NAME=MILLISECONDS (e.g. ttft_ms=500; valid names: \(valid))")
            }
            let name = pieces[0].trimmingSpaces
            guard let metric = DistributionMetric(rawValue: name), allowedMetrics.contains(metric) else {
                throw LLMBenchError.usage("--slo: unknown per-request latency \"\(name)\"; valid: \(valid)")
            }
            guard let limit = Double(pieces[1].trimmingSpaces), limit.isFinite, limit > 0 else {
                throw LLMBenchError.usage("--slo: limit \"\(pieces[1])\" of \(name) is not a positive number of ms")
            }
            guard !out.contains(where: { $0.metric == metric }) else {
                throw LLMBenchError.usage("--slo: \(name) given more than once")
            }
            out.append(Objective(metric: metric, maxMs: limit))
        }
        return SLOSet(out)
    }

    public var text: String { objectives.map(\.text).joined(separator: ",") }

    /// Whether one attempt meets every objective; a value that does not exist (e.g. TTFT of a
    /// non-streamed request) does not meet its objective, except ITL of an answer of at most one
    /// token: it has no gaps between tokens, so there is nothing an ITL objective could fail.
    public func isMet(by r: RequestRecord) -> Bool {
        objectives.allSatisfy { o in
            if let v = o.metric.perRequestValue(r) { return v <= o.maxMs }
            if o.metric == .itlMs, let answer = r.usage?.answerTokens, answer <= 1 { return true }
            return false
        }
    }
}

/// Goodput of a set of attempts: how many successful requests met every SLO, per second.
public struct GoodputFigures: Sendable, Equatable {
    public var slo: SLOSet
    /// Non-warmup attempts, any status.
    public var attempts: Int
    /// Non-warmup attempts with `status == ok`.
    public var succeeded: Int
    /// Successful non-warmup attempts that met every objective.
    public var met: Int
    /// Active duration, s: (last doneNs − first sentNs) / 1e9 over non-warmup attempts (as `active_duration_s`).
    public var activeDurationS: Double?
    /// Goodput, req/s: met / active duration; `nil` without a duration.
    public var goodputPerS: Double? { activeDurationS.map { Double(met) / $0 } }
    /// met / attempts (ratio); `nil` with no attempts.
    public var fractionOfAttempts: Double? { attempts > 0 ? Double(met) / Double(attempts) : nil }
}

/// Streams records into goodput figures; keeps three counters and two timestamps.
public struct GoodputAccumulator: Sendable {
    public let slo: SLOSet
    private var attempts = 0, succeeded = 0, met = 0
    private var firstSentNs: Int64?, lastDoneNs: Int64?

    public init(slo: SLOSet) { self.slo = slo }

    public mutating func add(_ r: RequestRecord) {
        guard !r.warmup, r.status != .notSent else { return }
        attempts += 1
        if let s = r.sentNs { firstSentNs = min(firstSentNs ?? s, s) }
        if let d = r.doneNs { lastDoneNs = max(lastDoneNs ?? d, d) }
        guard r.status == .ok else { return }
        succeeded += 1
        if slo.isMet(by: r) { met += 1 }
    }

    public func finish() -> GoodputFigures {
        var duration: Double?
        if let a = firstSentNs, let b = lastDoneNs, b > a { duration = Double(b - a) / 1e9 }
        return GoodputFigures(slo: slo, attempts: attempts, succeeded: succeeded, met: met, activeDurationS: duration)
    }
}

/// Goodput (issue 7): the rate of successful, non-warmup requests that each met every per-request SLO.
public enum Goodput {
    /// Figures over every record given (filter to one model or group first if needed).
    public static func compute<S: Sequence>(_ records: S, slo: SLOSet) -> GoodputFigures where S.Element == RequestRecord {
        var acc = GoodputAccumulator(slo: slo)
        for r in records { acc.add(r) }
        return acc.finish()
    }

    /// Figures per (model, dataset) group and per model (`dataset == nil`), sorted by key.
    public static func byGroup<S: Sequence>(_ records: S, slo: SLOSet) -> [(key: GroupKey, figures: GoodputFigures)]
    where S.Element == RequestRecord {
        var groups: [GroupKey: GoodputAccumulator] = [:]
        for r in records {
            groups[GroupKey(model: r.model, dataset: r.dataset), default: GoodputAccumulator(slo: slo)].add(r)
            groups[GroupKey(model: r.model, dataset: nil), default: GoodputAccumulator(slo: slo)].add(r)
        }
        return groups.keys.sorted().map { ($0, groups[$0]!.finish()) }
    }
}
