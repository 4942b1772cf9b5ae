/// Counts one pair's n-grams: the hypothesis's, and each reference's against them, one reference at a time.
///
/// A 1-gram is keyed exactly by its item (see the `key` functions); an n-gram by (its first n − 1 items'
/// slot, its last item's slot as a 1-gram); slots never move during a pair (`reset(expecting:)` sizes the table for every hypothesis
/// n-gram first), so a slot names one n-gram. Only the hypothesis inserts: a reference n-gram whose prefix
/// is not in the table cannot be there either, so it and its longer n-grams are never looked up.
/// Per slot: the hypothesis count, the current reference's count and the largest count of any reference
/// so far, from which chrF's matches Σ min(hyp, ref) and BLEU's clipped matches Σ min(hyp, max over refs)
/// are summed one increment at a time (Σ min(h, r) grows by one exactly when r grows to a value ≤ h).
/// Open addressing with linear probing; a reset clears only the slots the pair used.
struct GramCounts {
    static let absent: Int32 = -1

    struct Entry {
        /// 0 is an empty slot (a real key has a non-zero head).
        var key: UInt64 = 0
        var hyp: Int32 = 0
        var ref: Int32 = 0
        /// Which reference `ref` counts (`ref` is stale when it differs from the table's).
        var refStamp: UInt32 = 0
        var best: Int32 = 0
    }

    /// Holds at least `mask + 1` entries; this pair uses the first `mask + 1` (sized to it, so a long text
    /// once seen does not spread every later pair over a large table).
    private var entries: [Entry] = []
    private var mask = 0
    /// The slots filled since the last reset (`usedCount` of them), at most the expected insertions.
    private var used: [Int32] = []
    private var usedCount = 0
    private var shift: UInt64 = 58
    private var refStamp: UInt32 = 0

    /// Empties the table and sizes it for `hypothesisGrams` insertions (at most a quarter full: short probes).
    mutating func reset(expecting hypothesisGrams: Int) {
        var capacity = 64
        while capacity < 4 * hypothesisGrams + 2 { capacity *= 2 }
        if capacity > entries.count || (entries.count > 1 << 16 && capacity < entries.count / 4) {
            entries = [Entry](repeating: Entry(), count: capacity)
        } else {
            entries.withUnsafeMutableBufferPointer { e in for s in used[0..<usedCount] { e[Int(s)] = Entry() } }
        }
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        usedCount = 0
        if used.count < hypothesisGrams { used = [Int32](repeating: 0, count: max(hypothesisGrams, 2 * used.count)) }
        refStamp = 0
    }

    /// Starts counting the next reference.
    mutating func beginReference() { refStamp &+= 1 }

    /// The key of a 1-gram whose item is `item` (a code point or a table id), of kind `tag` (1...15).
    @inline(__always) static func key(tag: UInt32, _ item: UInt32) -> UInt64 { UInt64(tag) << 32 | UInt64(item) }
    /// The key of a short ASCII token (at most 8 characters), exact: 1 << 63, its length, 7 bits a character.
    @inline(__always) static func key(ascii token: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var k = UInt64(token.count) << 56
        for i in 0..<token.count { k |= UInt64(token[i]) << UInt64(7 * i) }
        return 1 << 63 | k
    }
    /// The key of an n-gram: the slot of its first n − 1 items, the slot of its last item as a 1-gram.
    @inline(__always) private static func key(prefix: Int32, _ last: Int32) -> UInt64 {
        (UInt64(prefix) + 16) << 32 | UInt64(UInt32(bitPattern: last))
    }

    /// Counts the n-grams of orders 1…`orders` of the items whose 1-gram keys are `keys` as the hypothesis's;
    /// `slots` and `firsts` (at least `keys.count` long) are scratch space. At most the expected number of
    /// insertions since `reset`.
    mutating func addHypothesis(_ keys: UnsafeBufferPointer<UInt64>, orders: Int, _ slots: UnsafeMutableBufferPointer<Int32>,
                                _ firsts: UnsafeMutableBufferPointer<Int32>) {
        let count = keys.count, shift = shift, mask = mask
        let start = usedCount
        usedCount = entries.withUnsafeMutableBufferPointer { e in
            used.withUnsafeMutableBufferPointer { used in
                var u = start
                for i in 0..<count {
                    let s = Self.add(e, mask, shift, keys[i], used, &u)
                    slots[i] = s; firsts[i] = s
                }
                var n = 2
                while n <= orders && count >= n {
                    for i in 0...(count - n) { slots[i] = Self.add(e, mask, shift, Self.key(prefix: slots[i], firsts[i + n - 1]), used, &u) }
                    n += 1
                }
                return u
            }
        }
    }

    /// Counts one hypothesis n-gram; its slot (a new slot is recorded in `used[u]`).
    @inline(__always) private static func add(_ e: UnsafeMutableBufferPointer<Entry>, _ mask: Int, _ shift: UInt64, _ key: UInt64,
                                              _ used: UnsafeMutableBufferPointer<Int32>, _ u: inout Int) -> Int32 {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
        while true {
            let k = e[i].key
            if k == key { e[i].hyp += 1; return Int32(i) }
            if k == 0 { break }
            i = (i + 1) & mask
        }
        e[i].key = key; e[i].hyp = 1
        used[u] = Int32(i); u += 1
        return Int32(i)
    }

    /// Counts the n-grams of the items whose 1-gram keys are `keys` as the current reference's (after
    /// `beginReference()`): `matches[k]` and `clips[k]` (order k + 1 at `first + k`) grow by the n-grams that
    /// raised Σ min(hyp, ref) and Σ min(hyp, max over references).
    mutating func addReference(_ keys: UnsafeBufferPointer<UInt64>, orders: Int, _ slots: UnsafeMutableBufferPointer<Int32>,
                               _ firsts: UnsafeMutableBufferPointer<Int32>,
                               matches: UnsafeMutableBufferPointer<Int>, clips: UnsafeMutableBufferPointer<Int>, first: Int) {
        let count = keys.count, shift = shift, mask = mask, stamp = refStamp
        entries.withUnsafeMutableBufferPointer { e in
            /// The n-gram's slot, or `absent`; counts it.
            @inline(__always) func add(_ key: UInt64, _ k: Int) -> Int32 {
                var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
                while true {
                    let stored = e[i].key
                    if stored == key { break }
                    if stored == 0 { return Self.absent }
                    i = (i + 1) & mask
                }
                if e[i].refStamp != stamp { e[i].refStamp = stamp; e[i].ref = 0 }
                let c = e[i].ref + 1
                e[i].ref = c
                let best = e[i].best
                if c <= e[i].hyp {
                    matches[k] += 1
                    if c > best { clips[k] += 1 }
                }
                if c > best { e[i].best = c }
                return Int32(i)
            }
            var live = false
            for i in 0..<count {
                let s = add(keys[i], first)
                slots[i] = s; firsts[i] = s
                if s != Self.absent { live = true }
            }
            var n = 2
            while live && n <= orders && count >= n {
                live = false
                let k = first + n - 1
                for i in 0...(count - n) where slots[i] != Self.absent {
                    let last = firsts[i + n - 1]
                    let s = last == Self.absent ? Self.absent : add(Self.key(prefix: slots[i], last), k)
                    slots[i] = s
                    if s != Self.absent { live = true }
                }
                n += 1
            }
        }
    }
}
