/// o200k_base's pre-tokenizer, a hand-written scanner equal to the pattern tiktoken runs with `fancy-regex`
/// (`tiktoken_ext/openai_public.py`, tiktoken 0.14), tried in order at each position, leftmost-first:
///
///     A1 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     A2 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     A3 \p{N}{1,3}
///     A4  ?[^\s\p{L}\p{N}]+[\r\n/]*
///     A5 \s*[\r\n]+
///     A6 \s+(?!\S)
///     A7 \s+
///
/// Each function returns where the match starting at scalar `i` ends, reproducing the backtracking order of
/// the greedy quantifiers exactly (the optional prefix is tried taken first, then not taken).
enum O200kSplitter {
    typealias C = ScalarClass

    /// The end (a scalar index > `i`) of the piece that starts at scalar `i < view.count`.
    @inline(__always)
    static func pieceEnd(_ v: ScalarView, _ i: Int) -> Int {
        let c = v.classes[i]
        let prefixable = c & (C.letter | C.number | C.newline) == 0
        if c & (C.letter | C.upperish) != 0 || prefixable {
            if let end = lowerTail(v, i, prefixable) { return end }
            if let end = upperHead(v, i, prefixable) { return end }
        }
        if c & C.number != 0 { return v.numbersEnd(i) }                                       // A3
        if v.spaceBeforePunctuation(i) { return v.punctuationEnd(i + 1, slash: true) }         // A4
        if c & (C.space | C.letter | C.number) == 0 { return v.punctuationEnd(i, slash: true) }
        // Whitespace (every other scalar was matched above).
        let runEnd = v.runEnd(from: i, C.space)
        if let end = v.throughLastNewline(i, runEnd) { return end }                           // A5
        if runEnd == v.count { return runEnd }              // A6 at the end of the text
        if runEnd - i >= 2 { return runEnd - 1 }             // A6: leave one space for the next piece
        return i + 1                                         // A7
    }

    /// A1 (nil when it does not match at `i`).
    @inline(__always)
    static func lowerTail(_ v: ScalarView, _ i: Int, _ prefixable: Bool) -> Int? {
        if prefixable, let end = lowerTailBody(v, i + 1) { return end }
        return lowerTailBody(v, i)
    }

    /// A1 without its prefix, from `s`: the longest upper-ish run, then back off until a lower-ish scalar follows.
    @inline(__always)
    static func lowerTailBody(_ v: ScalarView, _ s: Int) -> Int? {
        var j = v.runEnd(from: s, C.upperish)
        while true {
            if j < v.count && v.classes[j] & C.lowerish != 0 {
                return v.contractionEnd(v.runEnd(from: j + 1, C.lowerish))
            }
            if j == s { return nil }
            j -= 1
        }
    }

    /// A2 (nil when it does not match at `i`).
    @inline(__always)
    static func upperHead(_ v: ScalarView, _ i: Int, _ prefixable: Bool) -> Int? {
        let start: Int
        if prefixable && i + 1 < v.count && v.classes[i + 1] & C.upperish != 0 {
            start = i + 1
        } else if v.classes[i] & C.upperish != 0 {
            start = i
        } else {
            return nil
        }
        let upperEnd = v.runEnd(from: start, C.upperish)
        return v.contractionEnd(v.runEnd(from: upperEnd, C.lowerish))
    }
}
