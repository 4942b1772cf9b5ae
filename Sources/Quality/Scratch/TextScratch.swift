/// One pair's text buffers and tables for BLEU, chrF and SQuAD, reused from pair to pair (`ScoringWorkspace.text`).
///
/// Texts are decoded into code points (`UInt32`, compared value by value as Python's `str` does) and
/// worked on in place: no array is allocated per text once the buffers have grown to the longest text.
/// Buffers are sized by `count`, not `capacity`; each holds meaningful values only up to the length the
/// filling function returned.
struct TextScratch {
    /// The decoded text.
    var codes: [UInt32] = []
    /// Two buffers the tokenizers' passes write into, swapped after each pass (the result is in `a`).
    var a: [UInt32] = []
    var b: [UInt32] = []
    /// A text's items (BLEU's tokens, chrF's characters and words, SQuAD's tokens) as exact keys (1-gram keys of `grams`).
    var keys: [UInt64] = []
    /// Per n-gram start position: the slot of its n-gram in `grams` (or `GramCounts.absent`); per item, its 1-gram's.
    var slots: [Int32] = []
    var firsts: [Int32] = []
    /// Per order: matches (Σ min(hyp, this reference)) and clipped matches (Σ min(hyp, max over references)).
    var matches: [Int] = []
    var clips: [Int] = []
    /// Where the `.` and `,` of a text are (13a's later passes visit only those).
    var marks: [Int32] = []
    /// Token boundaries (SQuAD: start and end in `a` of each normalized token).
    var ranges: [Int32] = []
    /// SQuAD: the prediction's token keys, and which of them an answer token has been paired with.
    var first: [UInt64] = []
    var counts: [Int32] = []
    var table = TokenTable()
    var grams = GramCounts()

    /// Grows `buffer` to at least `n` elements (its contents are not kept when it grows).
    @inline(__always) static func ensure<T: FixedWidthInteger>(_ buffer: inout [T], _ n: Int) {
        if buffer.count < n { buffer = [T](repeating: 0, count: max(n, 2 * buffer.count, 64)) }
    }

    /// Decodes `text` into `codes`; its number of code points and whether all are ASCII.
    mutating func decode(_ text: String) -> (count: Int, ascii: Bool) {
        let bytes = text.utf8.count
        Self.ensure(&codes, bytes)
        let fast: (Int, Bool)? = text.utf8.withContiguousStorageIfAvailable { u in
            codes.withUnsafeMutableBufferPointer { out in Self.decodeUTF8(u, out) }
        }
        if let fast { return fast }
        var n = 0, ascii = true
        for s in text.unicodeScalars { codes[n] = s.value; n += 1; if s.value >= 0x80 { ascii = false } }
        return (n, ascii)
    }

    /// Decodes well-formed UTF-8 (a Swift string's storage always is) into code points.
    private static func decodeUTF8(_ u: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutableBufferPointer<UInt32>) -> (Int, Bool) {
        var i = 0, n = 0
        let count = u.count
        while i < count && u[i] < 0x80 { out[n] = UInt32(u[i]); i += 1; n += 1 }
        if i == count { return (n, true) }
        while i < count {
            let b0 = UInt32(u[i])
            if b0 < 0x80 {
                out[n] = b0; i += 1
            } else if b0 < 0xE0 {
                out[n] = (b0 & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F); i += 2
            } else if b0 < 0xF0 {
                out[n] = (b0 & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F); i += 3
            } else {
                out[n] = (b0 & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6
                    | UInt32(u[i + 3] & 0x3F)
                i += 4
            }
            n += 1
        }
        return (n, false)
    }

    /// `codes[0..<count]` as scalars (for the rare paths that reuse the `Scalars` definitions).
    func scalars(_ count: Int) -> Scalars { codes[0..<count].map { Unicode.Scalar($0)! } }

    /// Puts `s` into `codes`; its count.
    mutating func setCodes(_ s: Scalars) -> Int {
        Self.ensure(&codes, s.count)
        for (i, c) in s.enumerated() { codes[i] = c.value }
        return s.count
    }

    /// Python's `str.lower()` of `codes[0..<count]` in place (ASCII directly; otherwise `PythonText.lower`); the new count.
    mutating func lower(_ count: Int, ascii: Bool) -> Int {
        guard ascii else { return setCodes(PythonText.lower(scalars(count))) }
        codes.withUnsafeMutableBufferPointer { c in
            for i in 0..<count where c[i] >= 0x41 && c[i] <= 0x5A { c[i] += 32 }
        }
        return count
    }

    /// Python's `str.rstrip()` of `codes[0..<count]`: the count without trailing whitespace.
    func rstripped(_ count: Int) -> Int {
        var end = count
        while end > 0 && PythonText.isSpace(codes[end - 1]) { end -= 1 }
        return end
    }

    /// The whitespace-separated tokens (Python `str.split()`) of `a[0..<count]` as 1-gram keys, into `keys`:
    /// a short ASCII token packed into its key, any other interned in `table`; their number.
    mutating func tokenKeys(_ count: Int) -> Int {
        Self.ensure(&keys, count / 2 + 1)
        return a.withUnsafeBufferPointer { v in
            keys.withUnsafeMutableBufferPointer { out in
                var n = 0, start = -1, ascii = true
                for i in 0..<count {
                    let c = v[i]
                    if PythonText.isSpace(c) {
                        if start >= 0 { out[n] = Self.key(UnsafeBufferPointer(rebasing: v[start..<i]), ascii, &table); n += 1; start = -1 }
                    } else {
                        if start < 0 { start = i; ascii = true }
                        if c >= 0x80 { ascii = false }
                    }
                }
                if start >= 0 { out[n] = Self.key(UnsafeBufferPointer(rebasing: v[start..<count]), ascii, &table); n += 1 }
                return n
            }
        }
    }

    @inline(__always)
    private static func key(_ token: UnsafeBufferPointer<UInt32>, _ ascii: Bool, _ table: inout TokenTable) -> UInt64 {
        ascii && token.count <= 8 ? GramCounts.key(ascii: token) : GramCounts.key(tag: 1, UInt32(bitPattern: table.id(token)))
    }
}
