import LLMBenchCore

/// Whether the load generator kept to its schedule (issue 7, coordinated omission): requested vs
/// achieved arrival rate and dispatch lag, with a fell-behind flag.
public struct LoadHealth: Sendable, Equatable {
    /// The schedule's rate, req/s (open-loop profiles); `nil` for closed loop (no rate was asked for).
    public var requestedRatePerSecond: Double?
    /// (n − 1) / ((last sentNs − first sentNs) / 1e9) over the n non-warmup first attempts
    /// (`attempt == 0`) that were sent, req/s; `nil` when n < 2 or they were all sent at once.
    /// Retries are left out: they are not arrivals of the schedule.
    public var achievedRatePerSecond: Double?
    /// Non-warmup first attempts that were sent.
    public var sentRequests: Int
    /// Dispatch lag, ms: (sentNs − intendedStartNs) / 1e6 over every sent non-warmup attempt (as
    /// `dispatch_lag_ms`); p50 and p99 by `Percentile.linear`; `nil` when nothing was sent.
    public var dispatchLagP50Ms: Double?
    public var dispatchLagP99Ms: Double?
    /// Why the generator is judged to have fallen behind; empty when it kept up.
    public var reasons: [String]
    /// Planned non-warmup requests that were due but never sent: `not_sent` rows whose intended
    /// start is at or before the model's last send or completion (rows scheduled after the run had
    /// stopped were never due).
    public var notSent: Int = 0
    /// Whether the profile sends on a schedule (constant, poisson). Only then can the generator
    /// fall behind: a closed loop sends when a stream frees up, so it has no schedule to miss.
    public var openLoop: Bool = true

    /// True, for an open-loop profile only, when dispatch lag p99 exceeded `LoadHealth.lagThresholdMs`,
    /// the achieved rate was below `LoadHealth.minimumAchievedFraction` of the requested rate, or
    /// planned requests were never sent. Latencies from the sent time then
    /// flatter the service: read the `*_from_intended_ms` figures.
    public var fellBehind: Bool { !reasons.isEmpty }

    /// Dispatch lag p99 above this, ms, means the client could not send on schedule. 10 ms is far
    /// above the scheduler's own jitter on an idle machine (well under 1 ms) and far below any
    /// LLM latency worth measuring, so crossing it means real backlog rather than noise.
    public static let lagThresholdMs = 10.0
    /// An achieved rate below this fraction of the requested one (95%, issue 7) means the generator fell behind.
    public static let minimumAchievedFraction = 0.95

    /// A one-line warning for reports, or `nil` when the generator kept up.
    public var warning: String? {
        fellBehind ? "the load generator fell behind its schedule (" + reasons.joined(separator: "; ")
            + "): latencies from the send time understate what users saw; see the *_from_intended_ms figures" : nil
    }

    /// Judges the collected figures.
    public static func judge(requested: Double?, achieved: Double?, sent: Int, lagP50: Double?, lagP99: Double?,
                             notSent: Int = 0, openLoop: Bool = true) -> LoadHealth {
        var reasons: [String] = []
        if !openLoop {
            return LoadHealth(requestedRatePerSecond: requested, achievedRatePerSecond: achieved, sentRequests: sent,
                              dispatchLagP50Ms: lagP50, dispatchLagP99Ms: lagP99, reasons: [], notSent: notSent, openLoop: false)
        }
        if notSent > 0 { reasons.append("\(notSent) request\(notSent == 1 ? " was" : "s were") due but never sent") }
        if let p99 = lagP99, p99 > lagThresholdMs {
            reasons.append("dispatch lag p99 \(NumberText.fixed(p99, 1)) ms > \(NumberText.plain(lagThresholdMs)) ms")
        }
        if let want = requested, want > 0, let got = achieved, got < minimumAchievedFraction * want {
            reasons.append("achieved \(NumberText.fixed(got, 2)) req/s < 95% of requested \(NumberText.fixed(want, 2)) req/s")
        }
        return LoadHealth(requestedRatePerSecond: requested, achievedRatePerSecond: achieved, sentRequests: sent,
                          dispatchLagP50Ms: lagP50, dispatchLagP99Ms: lagP99, reasons: reasons, notSent: notSent, openLoop: true)
    }

    /// Assesses every record given (one model's records for a per-model rate; filter first).
    public static func assess<S: Sequence>(_ records: S, requestedRatePerSecond: Double?, openLoop: Bool = true) -> LoadHealth
    where S.Element == RequestRecord {
        var acc = LoadHealthAccumulator()
        for r in records { acc.add(r) }
        return acc.finish(requestedRatePerSecond: requestedRatePerSecond, openLoop: openLoop)
    }
}

/// Streams records into `LoadHealth`; keeps one Double per sent attempt (its lag), bounded by `SampleColumn`.
public struct LoadHealthAccumulator: Sendable {
    private var lagsMs = SampleColumn()
    private var firstSentNs: Int64?, lastSentNs: Int64?
    private var sent = 0
    /// Intended starts of the `not_sent` rows (one number each), judged due or not when finished.
    private var notSentIntendedNs: [Int64] = []
    private var lastActivityNs: Int64?

    public init() {}

    public mutating func add(_ r: RequestRecord) {
        guard !r.warmup else { return }
        if r.status == .notSent {
            if r.attempt == 0, let t = r.intendedStartNs { notSentIntendedNs.append(t) }
            return
        }
        if let t = r.sentNs { lastActivityNs = max(lastActivityNs ?? t, t) }
        if let t = r.doneNs { lastActivityNs = max(lastActivityNs ?? t, t) }
        guard let s = r.sentNs, let intended = r.intendedStartNs else { return }
        lagsMs.append(Double(s - intended) / 1e6)
        guard r.attempt == 0 else { return }
        sent += 1
        firstSentNs = min(firstSentNs ?? s, s)
        lastSentNs = max(lastSentNs ?? s, s)
    }

    public func finish(requestedRatePerSecond: Double?, openLoop: Bool = true) -> LoadHealth {
        var achieved: Double?
        if sent >= 2, let a = firstSentNs, let b = lastSentNs, b > a { achieved = Double(sent - 1) / (Double(b - a) / 1e9) }
        let lags = lagsMs.summary { $0 }
        return LoadHealth.judge(requested: requestedRatePerSecond, achieved: achieved, sent: sent,
                                lagP50: lags.value(.p50), lagP99: lags.value(.p99),
                                notSent: notSentIntendedNs.filter { $0 <= (lastActivityNs ?? .max) }.count, openLoop: openLoop)
    }
}

extension NumberText {
    /// `v` rounded to `decimals` places (0...6), written without exponent, e.g. `12.50`.
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "\(v)" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let n = Int64((abs(v) * Double(scale)).rounded())
        let whole = n / scale, frac = n % scale
        var s = (v < 0 && n != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return s
    }
}
