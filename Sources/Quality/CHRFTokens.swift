/// chrF's items over a pair's code-point buffers (see `CHRF`): characters with Python whitespace removed,
/// and words as sacrebleu's `extract_word_ngrams` splits them.
extension TextScratch {
    /// Decodes one segment into `codes` (Python `lower()` if asked); its number of code points.
    mutating func decodeForCHRF(_ text: String, lowercase: Bool) -> Int {
        let (n, ascii) = decode(text)
        return lowercase ? lower(n, ascii: ascii) : n
    }

    /// The code points of `codes[0..<count]` that are not Python whitespace, as 1-gram keys into `keys`; their number.
    mutating func characterTokens(_ count: Int) -> Int {
        TextScratch.ensure(&keys, count)
        var k = 0
        codes.withUnsafeBufferPointer { c in
            keys.withUnsafeMutableBufferPointer { out in
                for i in 0..<count where !PythonText.isSpace(c[i]) { out[k] = GramCounts.key(tag: 1, c[i]); k += 1 }
            }
        }
        return k
    }

    /// The words of `codes[0..<count]` as 1-gram keys (of ids of `table`) into `keys`; their number. Words are the Python
    /// `split()` tokens; one longer than a character loses a trailing, else a leading, ASCII punctuation mark
    /// (`string.punctuation`), which becomes a word of its own.
    mutating func wordTokens(_ count: Int) -> Int {
        TextScratch.ensure(&keys, count)
        return codes.withUnsafeBufferPointer { c in
            keys.withUnsafeMutableBufferPointer { out in
                var k = 0, start = -1
                for i in 0..<count {
                    if PythonText.isSpace(c[i]) {
                        if start >= 0 { Self.word(c, start, i, out, &k, &table); start = -1 }
                    } else if start < 0 { start = i }
                }
                if start >= 0 { Self.word(c, start, count, out, &k, &table) }
                return k
            }
        }
    }

    /// The words of the whitespace token `c[start..<end]` into `out[k...]`.
    @inline(__always)
    private static func word(_ c: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int, _ out: UnsafeMutableBufferPointer<UInt64>,
                             _ k: inout Int, _ table: inout TokenTable) {
        func add(_ range: Range<Int>, _ k: inout Int, _ table: inout TokenTable) {
            out[k] = GramCounts.key(tag: 2, UInt32(bitPattern: table.id(UnsafeBufferPointer(rebasing: c[range])))); k += 1
        }
        if end - start == 1 { add(start..<end, &k, &table) }
        else if PythonText.isASCIIPunctuation(c[end - 1]) { add(start..<(end - 1), &k, &table); add((end - 1)..<end, &k, &table) }
        else if PythonText.isASCIIPunctuation(c[start]) { add(start..<(start + 1), &k, &table); add((start + 1)..<end, &k, &table) }
        else { add(start..<end, &k, &table) }
    }
}
