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

    /// The normalized tokens of `text` as ids of `table`, into `tokens`; their number.
    mutating func squadTokenIDs(_ text: String) -> Int {
        let count = squadNormalized(text)
        TextScratch.ensure(&tokens, count)
        a.withUnsafeBufferPointer { v in
            for k in 0..<count {
                tokens[k] = UInt32(bitPattern: table.id(UnsafeBufferPointer(rebasing: v[Int(ranges[2 * k])..<Int(ranges[2 * k + 1])])))
            }
        }
        return count
    }

    /// The script's `f1_score` of the prediction's ids (`first[0..<p]`) and an answer's (`tokens[0..<g]`):
    /// 2PR / (P + R) over the multiset of shared tokens, 0 when none is shared.
    mutating func squadF1(_ p: Int, _ g: Int) -> Double {
        TextScratch.ensure(&counts, table.count)  // all zero between calls
        var same = 0
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<g { c[Int(tokens[i])] += 1 }
            for i in 0..<p where c[Int(first[i])] > 0 { same += 1; c[Int(first[i])] -= 1 }
            for i in 0..<g { c[Int(tokens[i])] = 0 }
        }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p), recall = Double(same) / Double(g)
        return 2 * precision * recall / (precision + recall)
    }
}
