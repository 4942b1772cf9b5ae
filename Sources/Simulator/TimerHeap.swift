/// A binary min-heap of deadlines (monotonic ns), each naming a connection and the plan serial it
/// was set for, so the event loop can sleep until the earliest one. Entries that no longer match
/// their connection's state are skipped by the owner when they come due (lazy deletion).
struct TimerHeap {
    struct Entry {
        var deadlineNs: Int64
        var connection: UInt64
        var serial: UInt64
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }
    var earliest: Entry? { entries.first }

    mutating func push(_ e: Entry) {
        entries.append(e)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if entries[parent].deadlineNs <= entries[i].deadlineNs { break }
            entries.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes and returns the earliest entry whose deadline is at or before `nowNs`.
    mutating func popDue(nowNs: Int64) -> Entry? {
        guard let top = entries.first, top.deadlineNs <= nowNs else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < entries.count, entries[l].deadlineNs < entries[m].deadlineNs { m = l }
                if r < entries.count, entries[r].deadlineNs < entries[m].deadlineNs { m = r }
                if m == i { break }
                entries.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
