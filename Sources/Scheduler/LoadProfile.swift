import LLMBenchCore
/// How requests arrive, per model.
///
/// - `concurrent`: closed loop. Each of the model's `--concurrency` streams sends its next request
///   when its last one ends (and the rate limiter allows); the intended start is the later of the
///   moment the stream became free and the moment the limiter allowed it.
/// - `constant(rate)` / `poisson(rate)`: open loop. Request k is intended at a fixed offset from the
///   run's start (every `1/rate` s, or exponential gaps with mean `1/rate` s drawn from a seeded
///   generator), whether or not earlier ones have finished. When every stream is busy the request
///   waits, and that wait shows as dispatch lag (sent − intended) instead of being hidden.
public enum LoadProfile: Sendable, Equatable {
    case concurrent
    case constant(ratePerSecond: Double)
    case poisson(ratePerSecond: Double)

    public var name: String {
        switch self {
        case .concurrent: return "concurrent"
        case .constant: return "constant"
        case .poisson: return "poisson"
        }
    }

    public var isOpenLoop: Bool { self != .concurrent }
}


/// The intended send offsets of an open-loop profile, one after another.
public struct ArrivalSchedule: Sendable {
    public let profile: LoadProfile
    private var rng: SplitMix64
    private var k: Int64 = 0
    private var lastNs: Int64
    /// Constant profile: request k is intended at `(k + phase) / rate` (a shard's offset, `Shard.phase`).
    private let phase: Double

    public init(profile: LoadProfile, seed: UInt64, startNs: Int64, phase: Double = 0) {
        self.profile = profile
        self.phase = phase
        self.rng = SplitMix64(seed: seed)
        self.lastNs = startNs
    }

    /// The next intended start, in ns on the run clock. Constant: `start + (k + phase) / rate` exactly (no
    /// drift from summing rounded gaps). Poisson: previous + `-ln(1 - u) / rate`, u uniform in [0, 1).
    /// Times saturate at `Int64.saturationLimit` (146 years) instead of trapping at absurd rates.
    public mutating func next(startNs: Int64) -> Int64 {
        switch profile {
        case .concurrent:
            return startNs
        case .constant(let rate):
            let t = startNs.saturatingAdd(Int64(saturating: (Double(k) + phase) / rate * 1e9))
            k += 1
            return t
        case .poisson(let rate):
            let u = rng.nextUnitDouble()
            let gap = -Foundation.log(1 - u) / rate
            let gapNs = Int64(saturating: gap * 1e9)
            lastNs = (k > 0 ? lastNs : startNs).saturatingAdd(gapNs)
            k += 1
            return lastNs
        }
    }
}

import Foundation
