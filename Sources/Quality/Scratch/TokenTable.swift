/// Interns sequences of 32-bit values (code points, or pairs of ids) to dense ids 0, 1, 2, … in first-seen order.
///
/// Open addressing with linear probing over a power-of-two slot array; the sequences live in one arena, so
/// a lookup of a known sequence allocates nothing. Equality is value by value (code points, as Python's
/// `str` compares), never Swift's canonical equivalence. `removeAll` keeps the capacity for reuse.
struct TokenTable {
    private var arena: [UInt32] = []
    /// Sequence `i` is `arena[starts[i]..<starts[i + 1]]`.
    private var starts: [Int32] = [0]
    private var hashes: [UInt32] = []
    /// Id + 1 per slot; 0 is empty.
    private var slots: [Int32] = []
    private var mask = 0

    init() {}

    var count: Int { hashes.count }
    /// Values held in the arena (for a caller's size bound).
    var arenaCount: Int { arena.count }

    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true); starts.append(0)
        hashes.removeAll(keepingCapacity: true)
        // A table a huge text once grew is dropped rather than cleared slot by slot every time.
        if slots.count > 1 << 14 { slots = []; mask = 0 }
        else if !slots.isEmpty { slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }

    @inline(__always) private static func hash(_ p: UnsafeBufferPointer<UInt32>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(p.count)
        for v in p { h = (h ^ UInt64(v)) &* 0x100_0000_01B3 }
        h ^= h >> 29
        return UInt32(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The id of `values`, added if new.
    mutating func id(_ values: UnsafeBufferPointer<UInt32>) -> Int32 {
        if hashes.count * 2 >= slots.count { grow() }
        let h = Self.hash(values)
        var i = Int(h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            let id = Int(s - 1)
            if hashes[id] == h && equal(id, values) { return Int32(id) }
            i = (i + 1) & mask
        }
        let id = hashes.count
        hashes.append(h)
        arena.append(contentsOf: values)
        starts.append(Int32(arena.count))
        slots[i] = Int32(id + 1)
        return Int32(id)
    }

    /// The id of the two values (a pair of ids), added if new.
    mutating func id(_ a: UInt32, _ b: UInt32) -> Int32 {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2) { p in
            p[0] = a; p[1] = b
            return id(UnsafeBufferPointer(p))
        }
    }

    /// The id of the three values (an order and a pair of ids), added if new.
    mutating func id(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> Int32 {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 3) { p in
            p[0] = a; p[1] = b; p[2] = c
            return id(UnsafeBufferPointer(p))
        }
    }

    /// The id of `values[range]`, added if new.
    mutating func id(_ values: [UInt32], _ range: Range<Int>) -> Int32 {
        values.withUnsafeBufferPointer { id(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The values of sequence `id`.
    func values(_ id: Int32) -> ArraySlice<UInt32> { arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])] }

    private func equal(_ id: Int, _ values: UnsafeBufferPointer<UInt32>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == values.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            for k in 0..<values.count where a[start + k] != values[k] { return false }
            return true
        }
    }

    private mutating func grow() {
        let capacity = max(64, slots.count * 2)
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<hashes.count {
            var i = Int(hashes[id]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(id + 1)
        }
    }
}
