/// A closed loop's free-stream times, earliest first: taken from the front as streams are given
/// requests, put back in order as attempts finish.
///
/// A sorted array with a moving head, so taking the earliest is O(1) (not a shift of every
/// element) and putting back a finish time, almost always the latest, lands at the end after a
/// binary search. As an array held inside the scheduler's lanes, each take and each put-back
/// also copied it whole (copy-on-write through a lane copy): O(streams) per request, 32 KB at
/// 4,096 streams.
struct FreeStreams: Sendable, Equatable {
    private var times: [Int64]
    private var head = 0

    /// `count` streams, all free since `ns`.
    init(count: Int, since ns: Int64 = 0) { times = Array(repeating: ns, count: count) }

    var isEmpty: Bool { head == times.count }
    var count: Int { times.count - head }
    /// The earliest free time.
    var first: Int64? { isEmpty ? nil : times[head] }

    /// Takes the earliest (nothing when empty).
    mutating func removeFirst() {
        guard !isEmpty else { return }
        head += 1
        if head >= 64 && head * 2 >= times.count {
            times.removeFirst(head)
            head = 0
        }
    }

    /// Puts back a stream free since `ns`, after any equal times.
    mutating func insert(_ ns: Int64) {
        if times.count == head || times[times.count - 1] <= ns { times.append(ns); return }
        var lo = head, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= ns { lo = mid + 1 } else { hi = mid }
        }
        times.insert(ns, at: lo)
    }
}
