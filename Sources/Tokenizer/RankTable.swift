import Foundation

/// The mergeable tokens of one encoding: token bytes by rank (for decoding) and an open-addressing hash
/// table from bytes to rank (for encoding), plus a direct table for the two-byte tokens.
///
/// Immutable after `init`, so one instance is shared by every thread; the storage is raw memory owned by
/// this object (freed in `deinit`) so that the encoder's inner loops run without bounds checks or reference counting.
final class RankTable: @unchecked Sendable {
    /// One hash slot: the token's first 8 bytes (little-endian, zero-padded), its length and `rank + 1`
    /// (0 = empty). A token of at most 8 bytes is identified by `(head, length)` alone.
    struct Slot {
        var head: UInt64
        var length: UInt32
        var rankPlusOne: UInt32
    }

    /// Every token's bytes, concatenated in rank order.
    let bytes: UnsafeMutablePointer<UInt8>
    /// `offsets[r] ..< offsets[r + 1]` are the bytes of rank `r`; `count + 1` entries.
    let offsets: UnsafeMutablePointer<UInt32>
    /// A power-of-two count of slots, at least twice the token count.
    let slots: UnsafeMutablePointer<Slot>
    let slotMask: Int
    /// Rank of the two-byte token `b0 << 8 | b1`, or `absent` (65,536 entries).
    let pairs: UnsafeMutablePointer<UInt32>
    /// How many tokens (ranks are `0 ..< count`).
    let count: Int
    static let absent = UInt32.max
    /// Longest token this table holds (the published files' longest is 128 bytes).
    static let maxTokenBytes = 255

    /// Builds the table from the token bytes in rank order (`blob[offsets[r] ..< offsets[r + 1]]`).
    /// Precondition: every token has 1 ... `maxTokenBytes` bytes and none repeats (the published files,
    /// checked by hash before parsing, satisfy both).
    init(blob: [UInt8], offsets tokenOffsets: [UInt32]) {
        count = tokenOffsets.count - 1
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(blob.count, 1) + 8)
        bytes.initialize(repeating: 0, count: max(blob.count, 1) + 8)
        blob.withUnsafeBufferPointer { if let base = $0.baseAddress { bytes.update(from: base, count: blob.count) } }
        let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: tokenOffsets.count)
        tokenOffsets.withUnsafeBufferPointer { offsets.update(from: $0.baseAddress!, count: tokenOffsets.count) }
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(head: 0, length: 0, rankPlusOne: 0), count: capacity)
        let pairs = UnsafeMutablePointer<UInt32>.allocate(capacity: 65_536)
        pairs.initialize(repeating: RankTable.absent, count: 65_536)
        for rank in 0..<count {
            let start = Int(offsets[rank]), length = Int(offsets[rank + 1]) - start
            let pointer = UnsafePointer(bytes + start)
            let (hash, head) = RankTable.hashAndHead(pointer, length)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot].rankPlusOne != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Slot(head: head, length: UInt32(length), rankPlusOne: UInt32(rank + 1))
            if length == 2 { pairs[Int(pointer[0]) << 8 | Int(pointer[1])] = UInt32(rank) }
        }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
        self.slotMask = capacity - 1
        self.pairs = pairs
    }

    deinit {
        bytes.deallocate(); offsets.deallocate(); slots.deallocate(); pairs.deallocate()
    }

    /// The rank of the `length` bytes at `pointer`, or `RankTable.absent`.
    @inline(__always)
    func rank(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        if length == 2 { return pairs[Int(pointer[0]) << 8 | Int(pointer[1])] }
        if length > RankTable.maxTokenBytes { return RankTable.absent }
        let (hash, head) = RankTable.hashAndHead(pointer, length)
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let entry = slots[slot]
            if entry.rankPlusOne == 0 { return RankTable.absent }
            if entry.head == head && Int(entry.length) == length {
                let rank = Int(entry.rankPlusOne - 1)
                if length <= 8 || memcmp(bytes + Int(offsets[rank]) + 8, pointer + 8, length - 8) == 0 {
                    return UInt32(rank)
                }
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

    /// A 64-bit mix of the bytes (8 at a time, then the tail), seeded with the length; and the first 8
    /// bytes as a little-endian word, zero-padded.
    @inline(__always)
    static func hashAndHead(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> (UInt64, UInt64) {
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        var head: UInt64 = 0
        var index = 0
        let raw = UnsafeRawPointer(pointer)
        while index + 8 <= length {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if index == 0 { head = word }
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            index += 8
        }
        if index < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < length { word |= UInt64(pointer[index]) << shift; shift += 8; index += 1 }
            if length < 8 { head = word }
            h = (h ^ word) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return (h ^ (h >> 32), head)
    }
}
