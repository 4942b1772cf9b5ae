import Foundation

/// The mergeable tokens of one encoding: token bytes by rank (for decoding) and an open-addressing hash
/// table from bytes to rank (for encoding).
///
/// Immutable after `init`, so one instance is shared by every thread; the storage is raw memory owned by
/// this object (freed in `deinit`) so that the encoder's inner loops run without bounds checks or reference counting.
final class RankTable: @unchecked Sendable {
    /// Every token's bytes, concatenated in rank order.
    let bytes: UnsafeMutablePointer<UInt8>
    /// `offsets[r] ..< offsets[r + 1]` are the bytes of rank `r`; `count + 1` entries.
    let offsets: UnsafeMutablePointer<UInt32>
    /// Hash slots holding `rank + 1` (0 = empty); a power-of-two count at least twice the token count.
    let slots: UnsafeMutablePointer<UInt32>
    let slotMask: Int
    /// How many tokens (ranks are `0 ..< count`).
    let count: Int
    static let absent = UInt32.max

    /// Builds the table from the token byte strings in rank order. Precondition: no duplicates (the
    /// published files, checked by hash before parsing, have none; `RanksFile` also checks).
    init(tokens: [[UInt8]]) {
        count = tokens.count
        let total = tokens.reduce(0) { $0 + $1.count }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: tokens.count + 1)
        var position = 0
        for (rank, token) in tokens.enumerated() {
            offsets[rank] = UInt32(position)
            for byte in token { bytes[position] = byte; position += 1 }
        }
        offsets[tokens.count] = UInt32(position)
        self.bytes = bytes
        self.offsets = offsets
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        slotMask = capacity - 1
        for rank in 0..<count {
            let start = Int(offsets[rank]), length = Int(offsets[rank + 1]) - start
            var slot = Int(truncatingIfNeeded: RankTable.hash(UnsafePointer(bytes + start), length)) & slotMask
            while slots[slot] != 0 { slot = (slot + 1) & slotMask }
            slots[slot] = UInt32(rank + 1)
        }
    }

    deinit {
        bytes.deallocate(); offsets.deallocate(); slots.deallocate()
    }

    /// The rank of the `length` bytes at `pointer`, or `RankTable.absent`.
    @inline(__always)
    func rank(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        var slot = Int(truncatingIfNeeded: RankTable.hash(pointer, length)) & slotMask
        while true {
            let entry = slots[slot]
            if entry == 0 { return RankTable.absent }
            let rank = Int(entry - 1)
            let start = Int(offsets[rank])
            if Int(offsets[rank + 1]) - start == length && memcmp(bytes + start, pointer, length) == 0 {
                return UInt32(rank)
            }
            slot = (slot + 1) & slotMask
        }
    }

    /// Whether a rank is in range.
    func contains(rank: Int) -> Bool { rank >= 0 && rank < count }

    /// The bytes of a rank (precondition: `contains(rank:)`).
    @inline(__always)
    func tokenBytes(_ rank: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[rank])
        return UnsafeBufferPointer(start: bytes + start, count: Int(offsets[rank + 1]) - start)
    }

    /// A 64-bit mix of the bytes (8 at a time, then the tail), seeded with the length.
    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        let raw = UnsafeRawPointer(pointer)
        while index + 8 <= length {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            index += 8
        }
        if index < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < length { word |= UInt64(pointer[index]) << shift; shift += 8; index += 1 }
            h = (h ^ word) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return h ^ (h >> 32)
    }
}
