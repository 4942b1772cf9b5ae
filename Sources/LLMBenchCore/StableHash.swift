/// A 64-bit hash that is the same on every machine, process and Swift version (the standard
/// library's `Hasher` is seeded per process, so it cannot split work between machines).
///
/// FNV-1a over the bytes of each field (offset basis 0xcbf29ce484222325, prime 0x100000001b3, per
/// the FNV reference by Fowler, Noll and Vo), each field followed by a 0xFF byte (which UTF-8 never
/// holds, so `("ab", "c")` and `("a", "bc")` differ), then SplitMix64's finaliser, so that the low
/// bits used by `value % n` are as well mixed as the high ones.
public struct StableHash: Sendable {
    public private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0xFF)
    }

    public mutating func combine(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value)).littleEndian
        for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: v)); v >>= 8 }
        mix(0xFF)
    }

    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// The hash of everything combined so far.
    public var value: UInt64 { StableHash.finalize(state) }

    /// SplitMix64's output function (Steele, Lea and Flood, 2014): xor-shift-multiply twice.
    public static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
