/// The SQuAD v1.1 script's `normalize_answer` and `f1_score` over a pair's code-point buffers (see `SQuAD`).
extension TextScratch {
    /// The normalized tokens of `text`: their code points in `a`, token k at `a[ranges[2k]..<ranges[2k + 1]]`;
    /// their number. Python `lower()`, every `string.punctuation` character removed, the words "a", "an",
    /// "the" (`\b(a|an|the)\b`) replaced by a space, split on whitespace.
    mutating func squadNormalized(_ text: String) -> Int {
        // 1-2. Python's lower() (an ASCII text needs no context rules), then drop string.punctuation.
        var (n, ascii) = decode(text)
        if !ascii { n = setCodes(PythonText.lower(scalars(n))) }
        var kept = 0
        codes.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                let v = c[i]
                if PythonText.isASCIIPunctuation(v) { continue }
                c[kept] = ascii && v >= 0x41 && v <= 0x5A ? v + 32 : v
                kept += 1
            }
        }
        // 3-4. Articles become a space; whitespace separates tokens.
        TextScratch.ensure(&a, kept)
        TextScratch.ensure(&ranges, kept + 2)
        let count = codes.withUnsafeBufferPointer { c in
            a.withUnsafeMutableBufferPointer { out in
                ranges.withUnsafeMutableBufferPointer { r in
                    var count = 0, length = 0, start = 0
                    var i = 0
                    while i < kept {
                        if PythonText.isWordChar(c[i]) {
                            var j = i
                            while j < kept && PythonText.isWordChar(c[j]) { j += 1 }
                            let w = j - i
                            let article = (w == 1 && c[i] == 0x61) || (w == 2 && c[i] == 0x61 && c[i + 1] == 0x6E)
                                || (w == 3 && c[i] == 0x74 && c[i + 1] == 0x68 && c[i + 2] == 0x65)
                            if article { Self.endToken(r, &count, &start, length) } else { for k in i..<j { out[length] = c[k]; length += 1 } }
                            i = j
                        } else {
                            if PythonText.isSpace(c[i]) { Self.endToken(r, &count, &start, length) } else { out[length] = c[i]; length += 1 }
                            i += 1
                        }
                    }
                    Self.endToken(r, &count, &start, length)
                    return count
                }
            }
        }
        return count
    }

    /// Closes the token that began at `start` (if it has a code point): its bounds go to `r`.
    @inline(__always) private static func endToken(_ r: UnsafeMutableBufferPointer<Int32>, _ count: inout Int, _ start: inout Int, _ length: Int) {
        if length > start { r[2 * count] = Int32(start); r[2 * count + 1] = Int32(length); count += 1 }
        start = length
    }

    /// The normalized tokens of `text` as exact keys into `keys` (an ASCII token of at most 8 characters
    /// packed, any other interned in `table`); their number.
    mutating func squadTokenKeys(_ text: String) -> Int {
        let count = squadNormalized(text)
        TextScratch.ensure(&keys, count)
        a.withUnsafeBufferPointer { v in
            for k in 0..<count {
                let token = UnsafeBufferPointer(rebasing: v[Int(ranges[2 * k])..<Int(ranges[2 * k + 1])])
                keys[k] = token.count <= 8 && token.allSatisfy({ $0 < 0x80 }) ? GramCounts.key(ascii: token)
                    : GramCounts.key(tag: 1, UInt32(bitPattern: table.id(token)))
            }
        }
        return count
    }

    /// The script's `f1_score` of the prediction's keys (`first[0..<p]`) and an answer's (`keys[0..<g]`):
    /// 2PR / (P + R) over the multiset of shared tokens, 0 when none is shared. The shared count Σ min(count
    /// in p, count in g) pairs each answer token with an unpaired equal prediction token (short texts), or
    /// merges the two sorted key lists.
    mutating func squadF1(_ p: Int, _ g: Int) -> Double {
        var same = 0
        if p * g <= 4096 {
            TextScratch.ensure(&counts, p)
            counts.withUnsafeMutableBufferPointer { paired in
                for i in 0..<p { paired[i] = 0 }
                for j in 0..<g {
                    let key = keys[j]
                    for i in 0..<p where paired[i] == 0 && first[i] == key { paired[i] = 1; same += 1; break }
                }
            }
        } else {
            var x = Array(first[0..<p]), y = Array(keys[0..<g])
            x.sort(); y.sort()
            var i = 0, j = 0
            while i < p && j < g {
                if x[i] == y[j] { same += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
            }
        }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p), recall = Double(same) / Double(g)
        return 2 * precision * recall / (precision + recall)
    }
}
