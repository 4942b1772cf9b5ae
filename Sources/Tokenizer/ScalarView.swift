/// UTF-8 text seen as Unicode scalars: each scalar's class bits and byte offset, for the pre-tokenizers.
///
/// The pointers are only valid inside `ScalarView.with`, which decodes the (valid) UTF-8 once.
struct ScalarView {
    /// The text's bytes.
    let bytes: UnsafePointer<UInt8>
    /// `ScalarClass` bits of scalar `i`.
    let classes: UnsafeMutablePointer<UInt8>
    /// Byte offset of scalar `i`; `offsets[count]` is the byte length.
    let offsets: UnsafeMutablePointer<Int32>
    /// Scalar count.
    let count: Int

    /// Decodes `utf8` (valid UTF-8, as every Swift `String` is; at most `Int32.max` bytes) and calls `body`.
    static func with<R>(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (ScalarView) throws -> R) rethrows -> R {
        let length = utf8.count
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length + 1) { classes in
            try withUnsafeTemporaryAllocation(of: Int32.self, capacity: length + 1) { offsets in
                guard let base = utf8.baseAddress, length > 0 else {
                    offsets[0] = 0
                    return try body(ScalarView(bytes: UnsafePointer(classes.baseAddress!), classes: classes.baseAddress!,
                                               offsets: offsets.baseAddress!, count: 0))
                }
                let table = ScalarClass.table
                return try table.withUnsafeBufferPointer { table in
                var index = 0, scalars = 0
                let tableSize = Int(ScalarClass.tableSize)
                while index < length {
                    let lead = base[index]
                    let value: UInt32, width: Int
                    if lead < 0x80 {
                        value = UInt32(lead); width = 1
                    } else if lead < 0xE0 {
                        value = UInt32(lead & 0x1F) << 6 | UInt32(base[index + 1] & 0x3F); width = 2
                    } else if lead < 0xF0 {
                        value = UInt32(lead & 0x0F) << 12 | UInt32(base[index + 1] & 0x3F) << 6
                            | UInt32(base[index + 2] & 0x3F); width = 3
                    } else {
                        value = UInt32(lead & 0x07) << 18 | UInt32(base[index + 1] & 0x3F) << 12
                            | UInt32(base[index + 2] & 0x3F) << 6 | UInt32(base[index + 3] & 0x3F); width = 4
                    }
                    classes[scalars] = Int(value) < tableSize ? table[Int(value)] : ScalarClass.compute(value)
                    offsets[scalars] = Int32(truncatingIfNeeded: index)
                    scalars += 1
                    index += width
                }
                offsets[scalars] = Int32(truncatingIfNeeded: length)
                return try body(ScalarView(bytes: base, classes: classes.baseAddress!, offsets: offsets.baseAddress!,
                                           count: scalars))
                }
            }
        }
    }

    /// The byte of scalar `i` when it is one byte (ASCII), else 0.
    @inline(__always)
    func ascii(_ i: Int) -> UInt8 {
        let start = Int(offsets[i])
        return Int(offsets[i + 1]) - start == 1 ? bytes[start] : 0
    }

    /// Scalar `i` case-folded for the contraction suffixes `(?i:'s|'t|…)`: an ASCII letter in lower case,
    /// U+017F LATIN SMALL LETTER LONG S as `s` (its simple case folding), else 0. Precondition: `i < count`.
    @inline(__always)
    func folded(_ i: Int) -> UInt8 {
        let start = Int(offsets[i])
        switch Int(offsets[i + 1]) - start {
        case 1:
            let byte = bytes[start]
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        case 2:
            return bytes[start] == 0xC5 && bytes[start + 1] == 0xBF ? UInt8(ascii: "s") : 0
        default:
            return 0
        }
    }

    /// The end of a contraction suffix `'s|'t|'re|'ve|'m|'ll|'d` (case-insensitive) starting at `i`, or `i`.
    @inline(__always)
    func contractionEnd(_ i: Int) -> Int {
        guard i + 1 < count, ascii(i) == UInt8(ascii: "'") else { return i }
        switch folded(i + 1) {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return i + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"):
            return i + 2 < count && folded(i + 2) == UInt8(ascii: "e") ? i + 3 : i
        case UInt8(ascii: "l"):
            return i + 2 < count && folded(i + 2) == UInt8(ascii: "l") ? i + 3 : i
        default:
            return i
        }
    }

    /// The end of the run of scalars from `i` whose classes share a bit with `mask`.
    @inline(__always)
    func runEnd(from i: Int, _ mask: UInt8) -> Int {
        var end = i
        while end < count && classes[end] & mask != 0 { end += 1 }
        return end
    }

    /// `\p{N}{1,3}` from `i` (precondition: scalar `i` is a number).
    @inline(__always)
    func numbersEnd(_ i: Int) -> Int {
        var end = i + 1
        while end < count && end < i + 3 && classes[end] & ScalarClass.number != 0 { end += 1 }
        return end
    }

    /// `[^\s\p{L}\p{N}]+` from `s`, then a run of `\r`, `\n` (and `/` when `slash`): the tails of o200k's
    /// `[\r\n/]*` and cl100k's `[\r\n]*`.
    @inline(__always)
    func punctuationEnd(_ s: Int, slash: Bool) -> Int {
        var end = s
        while end < count && classes[end] & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0 { end += 1 }
        while end < count {
            let byte = ascii(end)
            guard byte == 0x0A || byte == 0x0D || (slash && byte == 0x2F) else { break }
            end += 1
        }
        return end
    }

    /// `\s*[\r\n]` from `i` (to and including the last `\r`/`\n` of the whitespace run `i ..< runEnd`), or nil.
    @inline(__always)
    func throughLastNewline(_ i: Int, _ runEnd: Int) -> Int? {
        var last = runEnd - 1
        while last >= i {
            if classes[last] & ScalarClass.newline != 0 { return last + 1 }
            last -= 1
        }
        return nil
    }

    /// The leading space of ` ?[^\s\p{L}\p{N}]`: whether scalar `i` is U+0020 followed by punctuation.
    @inline(__always)
    func spaceBeforePunctuation(_ i: Int) -> Bool {
        ascii(i) == 0x20 && i + 1 < count
            && classes[i + 1] & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0
    }
}
