import Foundation
import LLMBenchCore

extension SplitMix64 {
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
