/// chrF and chrF++ as sacrebleu 2.x computes them (`sacrebleu.metrics.CHRF`, β = 2, default effective-order averaging).
///
/// Statistics per order (character n-grams 1…6 over the text with Python whitespace removed, then word
/// n-grams 1…word order over whitespace tokens with one leading or trailing ASCII punctuation mark split off):
/// hypothesis n-grams (0 if the reference has none of that order), reference n-grams, clipped matches.
/// Score: precision and recall are averaged over the orders where both sides have n-grams, then
/// F_β = (1+β²)·P·R / (β²·P + R), in 0-100 (0 when P + R = 0). With several references a segment keeps the
/// statistics of the reference with the highest F (the first on ties). Corpus: statistics summed over segments.
public struct CHRF: Sendable {
    public var charOrder: Int
    public var wordOrder: Int
    public var beta: Int
    public var lowercase: Bool

    /// chrF (word order 0) or chrF++ (word order 2).
    public init(wordOrder: Int = 0, charOrder: Int = 6, beta: Int = 2, lowercase: Bool = false) {
        self.charOrder = charOrder; self.wordOrder = wordOrder; self.beta = beta; self.lowercase = lowercase
    }

    /// chrF++ with sacrebleu's defaults.
    public static var plusPlus: CHRF { CHRF(wordOrder: 2) }

    private func ngramCounters(_ text: String) -> [[[UInt32]: Int]] {
        var s = text.scalars
        if lowercase { s = PythonText.lower(s) }
        let chars = s.filter { !PythonText.isSpace($0) }.map { $0.value }
        var out: [[[UInt32]: Int]] = []
        for n in 1...charOrder {
            var d: [[UInt32]: Int] = [:]
            if chars.count >= n { for i in 0...(chars.count - n) { d[Array(chars[i..<(i + n)]), default: 0] += 1 } }
            out.append(d)
        }
        if wordOrder > 0 {
            let words = Self.splitPunctuation(s)
            for n in 1...wordOrder {
                var d: [[UInt32]: Int] = [:]
                if words.count >= n {
                    for i in 0...(words.count - n) {
                        // Words never contain whitespace, so joining with a space is injective, as in sacrebleu.
                        var key: [UInt32] = []
                        for (k, w) in words[i..<(i + n)].enumerated() {
                            if k > 0 { key.append(0x20) }
                            key.append(contentsOf: w.map { $0.value })
                        }
                        d[key, default: 0] += 1
                    }
                }
                out.append(d)
            }
        }
        return out
    }

    /// Whitespace tokens; a token longer than one character loses a trailing, else a leading, ASCII punctuation mark.
    static func splitPunctuation(_ s: Scalars) -> [Scalars] {
        var out: [Scalars] = []
        for w in PythonText.split(s) {
            if w.count == 1 { out.append(w) }
            else if PythonText.isASCIIPunctuation(w[w.count - 1]) { out.append(Array(w.dropLast())); out.append([w[w.count - 1]]) }
            else if PythonText.isASCIIPunctuation(w[0]) { out.append([w[0]]); out.append(Array(w.dropFirst())) }
            else { out.append(w) }
        }
        return out
    }

    /// Integer statistics of one segment: per order, [hypothesis n-grams, reference n-grams, matches].
    public func statistics(hypothesis: String, references: [String]) -> [Int] {
        let hyp = ngramCounters(hypothesis)
        var best: [Int] = []
        var bestF = -1.0
        for r in references {
            let ref = ngramCounters(r)
            var stats: [Int] = []
            for (h, rr) in zip(hyp, ref) {
                var match = 0, hypCount = 0
                for (g, c) in h { hypCount += c; if let rc = rr[g] { match += min(c, rc) } }
                stats += [rr.isEmpty ? 0 : hypCount, rr.values.reduce(0, +), match]
            }
            let f = fScore(stats)
            if f > bestF { bestF = f; best = stats }
        }
        return best
    }

    /// The score (0-100) from statistics.
    public func fScore(_ stats: [Int]) -> Double {
        let eps = 1e-16
        let factor = Double(beta * beta)
        var avgP = 0.0, avgR = 0.0, eff = 0
        for i in 0..<(charOrder + wordOrder) where 3 * i + 2 < stats.count {
            let nHyp = stats[3 * i], nRef = stats[3 * i + 1], nMatch = stats[3 * i + 2]
            let p = nHyp > 0 ? Double(nMatch) / Double(nHyp) : eps
            let r = nRef > 0 ? Double(nMatch) / Double(nRef) : eps
            if nHyp > 0 && nRef > 0 { avgP += p; avgR += r; eff += 1 }
        }
        if eff == 0 { avgP = 0; avgR = 0 } else { avgP /= Double(eff); avgR /= Double(eff) }
        guard avgP + avgR != 0 else { return 0 }
        var score = (1 + factor) * avgP * avgR
        score /= factor * avgP + avgR
        return 100 * score
    }

    public func sentenceScore(hypothesis: String, references: [String]) -> Double {
        fScore(statistics(hypothesis: hypothesis, references: references))
    }

    public func corpusScore(hypotheses: [String], references: [[String]]) -> Double {
        var sum = [Int](repeating: 0, count: 3 * (charOrder + wordOrder))
        for (h, r) in zip(hypotheses, references) {
            for (i, v) in statistics(hypothesis: h, references: r).enumerated() { sum[i] += v }
        }
        return fScore(sum)
    }

    /// sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`.
    public func signature(referenceCounts: [Int]) -> String {
        "nrefs:\(Signature.nrefs(referenceCounts))|case:\(lowercase ? "lc" : "mixed")|eff:yes|nc:\(charOrder)|nw:\(wordOrder)"
            + "|space:no|version:\(Signature.sacrebleuVersion)"
    }
}
