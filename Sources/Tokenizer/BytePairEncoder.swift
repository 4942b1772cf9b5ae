/// Byte-pair encoding of one piece, exactly as tiktoken's `byte_pair_encode` (`src/lib.rs`): start from single
/// bytes, repeatedly merge the adjacent pair whose concatenated bytes have the lowest rank (the leftmost such
/// pair on a tie) until no adjacent pair is a token, then emit each part's rank.
///
/// Short pieces use tiktoken's own quadratic scan; long ones (a run of CJK text can be a single piece of
/// hundreds of bytes) use a binary heap with lazy deletion, which selects the same pair at every step, since
/// its key (rank, start byte) orders pairs as the scan does and a stale entry is recognised and skipped.
enum BytePairEncoder {
    /// Pieces up to this many bytes use the quadratic scan.
    static let scanLimit = 64

    /// Calls `emit` with the ranks of `piece` in order (precondition: the piece is not itself a token
    /// and has at least two bytes; every single byte is a token in both encodings).
    @inline(__always)
    static func encode(_ table: RankTable, _ piece: UnsafePointer<UInt8>, _ length: Int, _ emit: (UInt32) -> Void) {
        if length <= scanLimit {
            scan(table, piece, length, emit)
        } else {
            heap(table, piece, length, emit)
        }
    }

    /// tiktoken's `_byte_pair_merge`: `parts[k]` is (start byte, rank of merging part k with part k+1).
    static func scan(_ table: RankTable, _ piece: UnsafePointer<UInt8>, _ length: Int, _ emit: (UInt32) -> Void) {
        withUnsafeTemporaryAllocation(of: (start: Int, rank: UInt32).self, capacity: length + 1) { parts in
            var count = 0
            var minRank = RankTable.absent, minIndex = 0
            for i in 0..<(length - 1) {
                let rank = table.rank(piece + i, 2)
                if rank < minRank { minRank = rank; minIndex = i }
                parts[count] = (i, rank); count += 1
            }
            parts[count] = (length - 1, RankTable.absent); count += 1
            parts[count] = (length, RankTable.absent); count += 1

            @inline(__always) func rankAfterMerge(_ k: Int) -> UInt32 {
                guard k + 3 < count else { return RankTable.absent }
                return table.rank(piece + parts[k].start, parts[k + 3].start - parts[k].start)
            }
            while minRank != RankTable.absent {
                let k = minIndex
                if k > 0 { parts[k - 1].rank = rankAfterMerge(k - 1) }
                parts[k].rank = rankAfterMerge(k)
                var m = k + 1
                while m + 1 < count { parts[m] = parts[m + 1]; m += 1 }
                count -= 1
                minRank = RankTable.absent
                for m in 0..<(count - 1) where parts[m].rank < minRank { minRank = parts[m].rank; minIndex = m }
            }
            for m in 0..<(count - 1) {
                emit(table.rank(piece + parts[m].start, parts[m + 1].start - parts[m].start))
            }
        }
    }

    /// The same merges in O(n log n): parts are a linked list keyed by start byte, candidates a min-heap
    /// of `rank << 32 | start`.
    static func heap(_ table: RankTable, _ piece: UnsafePointer<UInt8>, _ length: Int, _ emit: (UInt32) -> Void) {
        var next = [Int32](repeating: 0, count: length + 1)   // start of the following part; `length` ends
        var previous = [Int32](repeating: -1, count: length + 1)
        var pairRank = [UInt32](repeating: RankTable.absent, count: length + 1)
        var alive = [Bool](repeating: true, count: length + 1)
        var candidates: [UInt64] = []
        candidates.reserveCapacity(length * 2)
        for i in 0..<length {
            next[i] = Int32(i + 1)
            previous[i] = Int32(i - 1)
            if i + 1 < length {
                let rank = table.rank(piece + i, 2)
                pairRank[i] = rank
                if rank != RankTable.absent { push(&candidates, UInt64(rank) << 32 | UInt64(i)) }
            }
        }
        /// Rank of part `start` merged with the part after it (absent when it is the last part).
        func rankWithNext(_ start: Int) -> UInt32 {
            let after = Int(next[start])
            guard after < length else { return RankTable.absent }
            return table.rank(piece + start, Int(next[after]) - start)
        }
        while let top = pop(&candidates) {
            let start = Int(top & 0xFFFF_FFFF), rank = UInt32(top >> 32)
            guard alive[start], pairRank[start] == rank else { continue }   // stale
            let removed = Int(next[start])
            alive[removed] = false
            next[start] = next[removed]
            if Int(next[removed]) < length { previous[Int(next[removed])] = Int32(start) }
            let merged = rankWithNext(start)
            pairRank[start] = merged
            if merged != RankTable.absent { push(&candidates, UInt64(merged) << 32 | UInt64(start)) }
            let before = Int(previous[start])
            if before >= 0 {
                let rankBefore = rankWithNext(before)
                pairRank[before] = rankBefore
                if rankBefore != RankTable.absent { push(&candidates, UInt64(rankBefore) << 32 | UInt64(before)) }
            }
        }
        var start = 0
        while start < length {
            let end = Int(next[start])
            emit(table.rank(piece + start, end - start))
            start = end
        }
    }

    @inline(__always)
    static func push(_ heap: inout [UInt64], _ value: UInt64) {
        heap.append(value)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @inline(__always)
    static func pop(_ heap: inout [UInt64]) -> UInt64? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && heap[left] < heap[smallest] { smallest = left }
                if right < heap.count && heap[right] < heap[smallest] { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
