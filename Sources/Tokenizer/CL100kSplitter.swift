/// cl100k_base's pre-tokenizer, a hand-written scanner equal to the pattern tiktoken 0.14 runs with
/// `fancy-regex` (`tiktoken_ext/openai_public.py`), alternatives tried in order at each position:
///
///     B1 '(?i:[sdmt]|ll|ve|re)
///     B2 [^\r\n\p{L}\p{N}]?+\p{L}++
///     B3 \p{N}{1,3}+
///     B4  ?[^\s\p{L}\p{N}]++[\r\n]*+
///     B5 \s++$
///     B6 \s*[\r\n]
///     B7 \s+(?!\S)
///     B8 \s
///
/// The possessive quantifiers (`?+`, `++`) never give back what they took, so B2 with a prefix that is not
/// followed by a letter fails outright.
enum CL100kSplitter {
    typealias C = ScalarClass

    /// The end (a scalar index > `i`) of the piece that starts at scalar `i < view.count`.
    @inline(__always)
    static func pieceEnd(_ v: ScalarView, _ i: Int) -> Int {
        let c = v.classes[i]
        let contraction = v.contractionEnd(i)
        if contraction > i { return contraction }
        if c & C.letter != 0 { return v.runEnd(from: i + 1, C.letter) }
        if c & (C.letter | C.number | C.newline) == 0 && i + 1 < v.count && v.classes[i + 1] & C.letter != 0 {
            return v.runEnd(from: i + 2, C.letter)
        }
        if c & C.number != 0 { return v.numbersEnd(i) }                                       // B3
        if v.spaceBeforePunctuation(i) { return v.punctuationEnd(i + 1, slash: false) }        // B4
        if c & (C.space | C.letter | C.number) == 0 { return v.punctuationEnd(i, slash: false) }
        let runEnd = v.runEnd(from: i, C.space)
        if runEnd == v.count { return runEnd }                                                // B5
        if let end = v.throughLastNewline(i, runEnd) { return end }                           // B6
        if runEnd - i >= 2 { return runEnd - 1 }                                              // B7
        return i + 1                                                                          // B8
    }
}
