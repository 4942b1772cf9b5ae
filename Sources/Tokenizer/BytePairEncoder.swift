/// Byte-pair encoding of one piece, exactly as tiktoken's `byte_pair_encode` (`src/lib.rs`): start from single
/// bytes, repeatedly merge the adjacent pair whose concatenated bytes have the lowest rank (the leftmost such
/// pair on a tie) until no adjacent pair is a token, then emit each part's rank.
///
/// Short pieces use tiktoken's own quadratic scan; long ones (a run of CJK text can be a single piece of
/// hundreds of bytes) use a binary heap with lazy deletion, which selects the same pair at every step, since
/// its key (rank, start byte) orders pairs as the scan does and a stale entry is recognised and skipped.
enum BytePairEncoder {
    /// Pieces up to this many bytes use the quadratic scan.
    static let scanLimit = 16

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
    /// of `rank << 32 | start` (at most one live entry per part, plus stale ones: ≤ 3n entries in all).
    static func heap(_ table: RankTable, _ piece: UnsafePointer<UInt8>, _ length: Int, _ emit: (UInt32) -> Void) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (length + 1)) { links in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: length + 1) { pairRank in
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * length + 1) { heap in
            // next[i] = start of the part after part i (`length` for the last); previous[i] = -1 for the first;
            // a removed part has next = -1.
            let next = links.baseAddress!, previous = links.baseAddress! + (length + 1)
            var heapCount = 0
            for i in 0..<length {
                next[i] = Int32(i + 1)
                previous[i] = Int32(i - 1)
                let rank = i + 1 < length ? table.rank(piece + i, 2) : RankTable.absent
                pairRank[i] = rank
                if rank != RankTable.absent { push(heap, &heapCount, UInt64(rank) << 32 | UInt64(i)) }
            }
            @inline(__always) func rankWithNext(_ start: Int) -> UInt32 {
                let after = Int(next[start])
                guard after < length else { return RankTable.absent }
                return table.rank(piece + start, Int(next[after]) - start)
            }
            while heapCount > 0 {
                let top = pop(heap, &heapCount)
                let start = Int(top & 0xFFFF_FFFF), rank = UInt32(top >> 32)
                guard next[start] >= 0, pairRank[start] == rank else { continue }   // stale
                let removed = Int(next[start])
                next[start] = next[removed]
                next[removed] = -1
                if Int(next[start]) < length { previous[Int(next[start])] = Int32(start) }
                let merged = rankWithNext(start)
                pairRank[start] = merged
                if merged != RankTable.absent { push(heap, &heapCount, UInt64(merged) << 32 | UInt64(start)) }
                let before = Int(previous[start])
                if before >= 0 {
                    let rankBefore = rankWithNext(before)
                    pairRank[before] = rankBefore
                    if rankBefore != RankTable.absent { push(heap, &heapCount, UInt64(rankBefore) << 32 | UInt64(before)) }
                }
            }
            var start = 0
            while start < length {
                let end = Int(next[start])
                emit(table.rank(piece + start, end - start))
                start = end
            }
        }
        }
        }
    }

    @inline(__always)
    static func push(_ heap: UnsafeMutableBufferPointer<UInt64>, _ count: inout Int, _ value: UInt64) {
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard value < heap[parent] else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = value
    }

    @inline(__always)
    static func pop(_ heap: UnsafeMutableBufferPointer<UInt64>, _ count: inout Int) -> UInt64 {
        let top = heap[0]
        count -= 1
        let last = heap[count]
        var parent = 0
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count && heap[child + 1] < heap[child] { child += 1 }
            guard heap[child] < last else { break }
            heap[parent] = heap[child]
            parent = child
        }
        if count > 0 { heap[parent] = last }
        return top
    }
}
