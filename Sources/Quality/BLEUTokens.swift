/// BLEU's tokenizers over a pair's code-point buffers: the same tokens as `BLEUTokenizer.tokenize`, without
/// building them (13a, zh and char work in place; intl and the rare 13a escapes reuse the `Scalars` definitions).
extension TextScratch {
    /// The tokens of one segment as 1-gram keys into `keys`, as sacrebleu's BLEU sees them (Python `lower()`
    /// if asked, `rstrip()`, then the tokenizer; for `char`, each code point); their number.
    mutating func bleuTokens(_ text: String, _ tokenizer: BLEUTokenizer, lowercase: Bool) -> Int {
        var (n, ascii) = decode(text)
        if lowercase { n = lower(n, ascii: ascii) }
        n = rstripped(n)
        switch tokenizer {
        case .char:
            Self.ensure(&keys, n)
            var k = 0
            for i in 0..<n where !PythonText.isSpace(codes[i]) { keys[k] = GramCounts.key(tag: 1, codes[i]); k += 1 }
            return k
        case .none:
            Self.ensure(&a, n)
            for i in 0..<n { a[i] = codes[i] }
            return tokenKeys(n)
        case .intl:
            return tokenKeys(setA(BLEUTokenizer.intlSpaced(scalars(n))))
        case .thirteenA:
            if hasThirteenAEscape(n) { n = setCodes(BLEUTokenizer.thirteenAUnescaped(scalars(n))) }
            Self.ensure(&a, n + 2)
            let count = n
            codes.withUnsafeBufferPointer { src in
                a.withUnsafeMutableBufferPointer { dst in
                    dst[0] = 0x20
                    (dst.baseAddress! + 1).update(from: src.baseAddress!, count: count)
                    dst[count + 1] = 0x20
                }
            }
            return tokenKeys(regexpSpaced(n + 2))
        case .zh:
            var start = 0
            while start < n && PythonText.isSpace(codes[start]) { start += 1 }
            Self.ensure(&a, 3 * (n - start))
            var k = 0
            for i in start..<n {
                let c = codes[i]
                if BLEUTokenizer.isChinese(c) { a[k] = 0x20; a[k + 1] = c; a[k + 2] = 0x20; k += 3 } else { a[k] = c; k += 1 }
            }
            return tokenKeys(regexpSpaced(k))
        }
    }

    /// Whether `codes[0..<count]` holds `<`, a line feed or `&` (13a's escapes and its `-\n` join start with one).
    private func hasThirteenAEscape(_ count: Int) -> Bool {
        codes.withUnsafeBufferPointer { c in
            for i in 0..<count {
                let v = c[i]
                if v <= 0x3C && (0x1000_0040_0000_0400 as UInt64) &>> UInt64(v) & 1 != 0 { return true }
            }
            return false
        }
    }

    /// Puts `s` into `a`; its count.
    private mutating func setA(_ s: Scalars) -> Int {
        Self.ensure(&a, s.count)
        for (i, c) in s.enumerated() { a[i] = c.value }
        return s.count
    }

    /// The characters of `[{-~[-` -&(-+:-@/]` (13a's first pattern) as bits: code points 0x00-0x3F, 0x40-0x7F
    /// (0x20-0x26, 0x28-0x2B, 0x2F, 0x3A-0x3F; 0x40, 0x5B-0x60, 0x7B-0x7E); and `,` `-` `.` (the later patterns').
    private static var splitLow: UInt64 { 0xFC00_8F7F_0000_0000 }
    private static var splitHigh: UInt64 { 0x7800_0001_F800_0001 }
    private static var commaDashDot: UInt64 { 0x0000_7000_0000_0000 }

    /// `BLEUTokenizer.regexpSpaced` of `a[0..<count]`, left in `a`; the new count. The later passes only
    /// change text around `.` `,` and `-`, so they visit those and copy the runs between in bulk.
    mutating func regexpSpaced(_ count: Int) -> Int {
        // 1. `[{-~[-` -&(-+:-@/]` -> " \1 "; where each `.` `,` lands goes to `marks`.
        Self.ensure(&b, 3 * count)
        Self.ensure(&marks, count)
        var dash = false, m = 0
        let n = a.withUnsafeBufferPointer { src in
            b.withUnsafeMutableBufferPointer { out in
                marks.withUnsafeMutableBufferPointer { marks in
                    var n = 0
                    for i in 0..<count {
                        let v = src[i]
                        if v < 0x80 {
                            let bit = (v < 0x40 ? Self.splitLow : Self.splitHigh) &>> UInt64(v & 0x3F)
                            if bit & 1 != 0 {
                                out[n] = 0x20; out[n + 1] = v; out[n + 2] = 0x20; n += 3
                                continue
                            }
                            if v < 0x40 && Self.commaDashDot &>> UInt64(v) & 1 != 0 {
                                if v == 0x2D { dash = true } else { marks[m] = Int32(n); m += 1 }
                            }
                        }
                        out[n] = v; n += 1
                    }
                    return n
                }
            }
        }
        swap(&a, &b)
        var length = n
        if m > 0 {
            length = passAtMarks(length, m, dotCommaFirst: false)  // 2. `([^0-9])([\.,])` -> "\1 \2 "
            length = passAtMarks(length, m, dotCommaFirst: true)   // 3. `([\.,])([^0-9])` -> " \1 \2"
        }
        if dash { length = digitDashPass(length) }  // 4. `([0-9])(-)` -> "\1 \2 "
        return length
    }

    /// Pass 2 (`dotCommaFirst` false: a non-digit, then `.` or `,`) or pass 3 (`.` or `,`, then a non-digit)
    /// over `a[0..<count]`, left in `a`, visiting only the `.` `,` at `marks[0..<m]` (which are moved to where
    /// they land); the new count. `re.sub` semantics: left to right, a character a match took cannot start
    /// or end another.
    private mutating func passAtMarks(_ count: Int, _ m: Int, dotCommaFirst: Bool) -> Int {
        Self.ensure(&b, 2 * count)
        let n = a.withUnsafeBufferPointer { s in
            b.withUnsafeMutableBufferPointer { out in
                marks.withUnsafeMutableBufferPointer { marks in
                    let src = s.baseAddress!, dst = out.baseAddress!
                    var n = 0, i = 0  // i: the first character no match has taken
                    for k in 0..<m {
                        let j = Int(marks[k])
                        let p = dotCommaFirst ? j : j - 1  // the match would be s[p] s[p + 1]
                        let matched = p >= i && p + 1 < count
                            && !(dotCommaFirst ? s[p + 1] >= 0x30 && s[p + 1] <= 0x39 : s[p] >= 0x30 && s[p] <= 0x39)
                        guard matched else {
                            if j >= i { marks[k] = Int32(n + j - i) }  // copied with the run after i
                            else { marks[k] = Int32(n - 1) }  // taken as a match's last character, emitted last
                            continue
                        }
                        (dst + n).update(from: src + i, count: p - i)
                        n += p - i
                        if dotCommaFirst {
                            out[n] = 0x20; out[n + 1] = s[p]; out[n + 2] = 0x20; out[n + 3] = s[p + 1]
                            marks[k] = Int32(n + 1)
                        } else {
                            out[n] = s[p]; out[n + 1] = 0x20; out[n + 2] = s[p + 1]; out[n + 3] = 0x20
                            marks[k] = Int32(n + 2)
                        }
                        n += 4
                        i = p + 2
                    }
                    (dst + n).update(from: src + i, count: count - i)
                    return n + count - i
                }
            }
        }
        swap(&a, &b)
        return n
    }

    /// Pass 4, `([0-9])(-)` -> "\1 \2 ", over `a[0..<count]`, left in `a`; the new count. As `re.sub` scans
    /// left to right without overlaps: a match can only end at a `-` that no earlier match took, so the scan
    /// jumps from one `-` to the next and copies the runs between.
    private mutating func digitDashPass(_ count: Int) -> Int {
        Self.ensure(&b, 2 * count)
        let n = a.withUnsafeBufferPointer { s in
            b.withUnsafeMutableBufferPointer { out in
                let src = s.baseAddress!, dst = out.baseAddress!
                var n = 0, i = 0  // i: the first character no match has taken
                var j = 0
                while true {
                    while j < count && s[j] != 0x2D { j += 1 }
                    guard j < count else { break }
                    let p = j - 1  // the match would be s[p] s[j]
                    if p >= i && s[p] >= 0x30 && s[p] <= 0x39 {
                        (dst + n).update(from: src + i, count: p - i)
                        n += p - i
                        out[n] = s[p]; out[n + 1] = 0x20; out[n + 2] = s[j]; out[n + 3] = 0x20
                        n += 4
                        i = j + 1
                    }
                    j += 1
                }
                (dst + n).update(from: src + i, count: count - i)
                return n + count - i
            }
        }
        swap(&a, &b)
        return n
    }
}
