/// Buffers and caches one thread's scorers reuse from one pair to the next (never shared between threads).
///
/// ROUGE words (lowercase `[a-z0-9]` runs) and their Porter stems are interned in `words` for as long as
/// the workspace lives, so each distinct word is stemmed once; the table is emptied between pairs when it
/// holds more than `wordLimit` words, which bounds its memory (about 40 bytes a word). Everything else is
/// per pair: `pair` interns a pair's ROUGE tokens, `text` holds BLEU's, chrF's and SQuAD's, the arrays are scratch space.
/// Pass one to the scorers' `in:` methods to keep it from one pair to the next (`ScoringPool` does, per thread).
public final class ScoringWorkspace {
    static let wordLimit = 1 << 18

    var words = TokenTable()
    /// Per word id: the id of its stem in `words`, `-1` when not yet stemmed, `-2` when the stem is empty.
    var stemOf: [Int32] = []
    /// Per word id: its dense id in the current pair when `stamp` equals `generation`.
    var local: [Int32] = []
    var stamp: [UInt32] = []
    var generation: UInt32 = 0
    var localCount: Int32 = 0

    var pair = TokenTable()
    /// BLEU's, chrF's and SQuAD's buffers and tables for one pair.
    var text = TextScratch()
    var scratch: [UInt32] = []
    var counts: [Int32] = []
    var counts2: [Int32] = []

    public init() {}

    /// Starts a new pair of texts: fresh dense ids; the word table is emptied when it is over its bound.
    func beginPair() {
        if words.count > Self.wordLimit || words.arenaCount > 8 * Self.wordLimit {
            words.removeAll(); stemOf.removeAll(keepingCapacity: true)
            local.removeAll(keepingCapacity: true); stamp.removeAll(keepingCapacity: true)
        }
        generation &+= 1
        if generation == 0 {
            generation = 1
            stamp.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        localCount = 0
    }

    /// The dense id in the current pair of word `id`.
    @inline(__always) func localID(_ id: Int32) -> Int32 {
        let i = Int(id)
        while stamp.count <= i { stamp.append(0); local.append(0) }
        if stamp[i] == generation { return local[i] }
        stamp[i] = generation
        local[i] = localCount
        localCount += 1
        return local[i]
    }

    /// The word id of `values` (a lowercase word); with `stem`, the id of its Porter stem when it has more
    /// than three letters (nil when that stem is empty).
    func wordID(_ values: UnsafeBufferPointer<UInt32>, stem: Bool) -> Int32? {
        let id = words.id(values)
        guard stem && values.count > 3 else { return id }
        let i = Int(id)
        while stemOf.count <= i { stemOf.append(-1) }
        var s = stemOf[i]
        if s == -1 {
            var w = Array(values)
            PorterStemmer().stemLowered(&w, originalCount: values.count)
            s = w.isEmpty ? -2 : w.withUnsafeBufferPointer { words.id($0) }
            while stemOf.count <= Int(max(s, id)) { stemOf.append(-1) }
            stemOf[i] = s
        }
        return s == -2 ? nil : s
    }
}
