/// SplitMix64 (Steele, Lea & Flood, 2014): a small seeded generator, so bootstraps give the same
/// interval for the same seed on every machine and Swift version.
///
/// Each step adds the golden-ratio increment 0x9E3779B97F4A7C15 to the state and mixes it with
/// two xor-shift-multiply rounds (constants 0xBF58476D1CE4E5B9, 0x94D049BB133111EB; shifts 30, 27, 31).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<n (n > 0), by Lemire's multiply-and-reject method (no modulo bias);
    /// our own, so results never depend on the standard library's `random(in:)` algorithm.
    public mutating func next(below n: Int) -> Int {
        precondition(n > 0, "next(below:) needs n > 0")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }
}
