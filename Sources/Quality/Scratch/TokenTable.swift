/// Interns sequences of 32-bit values (code points, or pairs of ids) to dense ids 0, 1, 2, … in first-seen order.
///
/// Open addressing with linear probing over a power-of-two slot array; the sequences live in one arena, so
/// a lookup of a known sequence allocates nothing. Equality is value by value (code points, as Python's
/// `str` compares), never Swift's canonical equivalence. `removeAll` keeps the capacity for reuse and
/// clears only the slots in use. The arrays are sized by capacity, not count: `count` and `arenaCount`
/// say how much of them holds values.
struct TokenTable {
    private var arena: [UInt32] = []
    /// Sequence `i` is `arena[starts[i]..<starts[i + 1]]` (`starts[0]` is 0).
    private var starts: [Int32] = [0]
    private var hashes: [UInt32] = []
    /// Per id: its slot (so `removeAll` clears only the slots in use).
    private var slotOf: [Int32] = []
    /// Id + 1 per slot; 0 is empty.
    private var slots: [Int32] = []
    private var mask = 0
    private(set) var count = 0
    /// Values held in the arena (for a caller's size bound).
    private(set) var arenaCount = 0

    init() {}

    mutating func removeAll() {
        // A table a huge text once grew is dropped rather than kept for every later pair.
        if slots.count > 1 << 14 { slots = []; mask = 0 }
        else { slots.withUnsafeMutableBufferPointer { s in slotOf.withUnsafeBufferPointer { ids in for i in ids[0..<count] { s[Int(i)] = 0 } } } }
        count = 0
        arenaCount = 0
    }

    @inline(__always) private static func hash(_ p: UnsafeBufferPointer<UInt32>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(p.count)
        for v in p { h = (h ^ UInt64(v)) &* 0x100_0000_01B3 }
        h ^= h >> 29
        return UInt32(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// Grows `array` to at least `n` elements, keeping its values.
    private static func reserve<T: FixedWidthInteger>(_ array: inout [T], _ n: Int) {
        if array.count < n { array.append(contentsOf: repeatElement(0, count: max(n, 2 * array.count, 16) - array.count)) }
    }

    /// The id of `values`, added if new.
    mutating func id(_ values: UnsafeBufferPointer<UInt32>) -> Int32 {
        if count * 2 >= slots.count { grow() }
        let h = Self.hash(values)
        let mask = mask
        // The id found, or −1 − the empty slot where it goes.
        let found: Int = slots.withUnsafeBufferPointer { s in
            hashes.withUnsafeBufferPointer { hs in
                starts.withUnsafeBufferPointer { st in
                    arena.withUnsafeBufferPointer { ar in
                        var i = Int(h) & mask
                        while true {
                            let v = s[i]
                            if v == 0 { return -1 - i }
                            let id = Int(v - 1)
                            if hs[id] == h {
                                let start = Int(st[id]), end = Int(st[id + 1])
                                if end - start == values.count {
                                    var k = 0
                                    while k < values.count && ar[start + k] == values[k] { k += 1 }
                                    if k == values.count { return id }
                                }
                            }
                            i = (i + 1) & mask
                        }
                    }
                }
            }
        }
        if found >= 0 { return Int32(found) }
        let slot = -1 - found, id = count
        if hashes.count <= id {
            Self.reserve(&hashes, id + 1)
            Self.reserve(&slotOf, hashes.count)
            Self.reserve(&starts, hashes.count + 1)
        }
        if arena.count < arenaCount + values.count { Self.reserve(&arena, arenaCount + values.count) }
        hashes[id] = h
        slotOf[id] = Int32(slot)
        arena.withUnsafeMutableBufferPointer { a in
            for k in 0..<values.count { a[arenaCount + k] = values[k] }
        }
        arenaCount += values.count
        starts[id + 1] = Int32(arenaCount)
        slots[slot] = Int32(id + 1)
        count = id + 1
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

    private mutating func grow() {
        let capacity = max(64, slots.count * 2)
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<count {
            var i = Int(hashes[id]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(id + 1)
            slotOf[id] = Int32(i)
        }
    }
}
