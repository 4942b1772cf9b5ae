import Foundation

/// SplitMix64, a small seeded pseudo-random generator (Steele, Lea and Flood, 2014): every output is
/// a fixed function of the seed and the call count, so the simulator's timings and text repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits: `state += 0x9E3779B97F4A7C15`, then the SplitMix64 finaliser.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1): the top 53 bits divided by 2^53.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw by the Box-Muller transform: `sqrt(-2 ln u1) · cos(2π u2)`.
    public mutating func nextStandardNormal() -> Double {
        let u1 = max(nextUnit(), 0x1.0p-53)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A lognormal draw with the given median and shape: `median · exp(sigma · N(0,1))`.
    /// The median of the distribution is `median`; its mean is `median · exp(sigma²/2)`.
    public mutating func nextLogNormal(median: Double, sigma: Double) -> Double {
        sigma <= 0 ? median : median * exp(sigma * nextStandardNormal())
    }
}

/// 64-bit FNV-1a hashing, used to derive per-request seeds from bytes and names (stable across runs
/// and platforms, unlike `Hasher`).
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// FNV-1a of `bytes`, continuing from `hash`.
    public static func hash<S: Sequence>(_ bytes: S, into hash: UInt64 = offsetBasis) -> UInt64 where S.Element == UInt8 {
        var h = hash
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// FNV-1a of a string's UTF-8 bytes, continuing from `hash`.
    public static func hash(_ string: String, into hash: UInt64 = offsetBasis) -> UInt64 {
        Self.hash(string.utf8, into: hash)
    }

    /// Mixes a 64-bit value into a hash (its eight little-endian bytes).
    public static func mix(_ value: UInt64, into hash: UInt64) -> UInt64 {
        var h = hash
        var v = value
        for _ in 0..<8 { h = (h ^ (v & 0xFF)) &* prime; v >>= 8 }
        return h
    }
}
