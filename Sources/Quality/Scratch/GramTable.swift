/// Interns n-grams, each given as (order tag, id of its first n − 1 items, its last item), to dense ids.
///
/// The key is two integers compared exactly (`head` = tag << 32 | prefix id, `last`), so two n-grams get the
/// same id exactly when they are equal; open addressing with linear probing, cleared between pairs.
struct GramTable {
    private var heads: [UInt64] = []
    private var lasts: [UInt32] = []
    /// Id + 1 per slot; 0 is empty.
    private var slots: [Int32] = []
    private var mask = 0

    var count: Int { heads.count }

    mutating func removeAll() {
        heads.removeAll(keepingCapacity: true); lasts.removeAll(keepingCapacity: true)
        if slots.count > 1 << 15 { slots = []; mask = 0 }
        else if !slots.isEmpty { slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }

    /// Makes room for `n` more n-grams without growing on the way.
    mutating func reserve(_ n: Int) {
        var capacity = max(64, slots.count)
        while (heads.count + n) * 2 >= capacity { capacity *= 2 }
        if capacity != slots.count { rehash(capacity) }
    }

    @inline(__always) mutating func id(tag: UInt32, prefix: Int32, last: UInt32) -> Int32 {
        if heads.count * 2 >= slots.count { rehash(max(64, slots.count * 2)) }
        let head = UInt64(tag) << 32 | UInt64(UInt32(bitPattern: prefix))
        var i = Self.slot(head, last, mask)
        return slots.withUnsafeMutableBufferPointer { s in
            while true {
                let v = s[i]
                if v == 0 { break }
                let id = Int(v - 1)
                if heads[id] == head && lasts[id] == last { return Int32(id) }
                i = (i + 1) & mask
            }
            let id = heads.count
            heads.append(head); lasts.append(last)
            s[i] = Int32(id + 1)
            return Int32(id)
        }
    }

    @inline(__always) private static func slot(_ head: UInt64, _ last: UInt32, _ mask: Int) -> Int {
        let h = (head ^ (UInt64(last) &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32) & mask
    }

    private mutating func rehash(_ capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<heads.count {
            var i = Self.slot(heads[id], lasts[id], mask)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(id + 1)
        }
    }
}
