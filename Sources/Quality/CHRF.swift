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

    /// Integer statistics of one segment: per order, [hypothesis n-grams, reference n-grams, matches].
    public func statistics(hypothesis: String, references: [String]) -> [Int] {
        statistics(hypothesis: hypothesis, references: references, in: ScoringWorkspace())
    }

    /// As `statistics(hypothesis:references:)`, reusing one thread's workspace. The hypothesis's character
    /// (and word) n-grams are counted in a table keyed by (slot of the first n − 1 items, last item); each
    /// reference looks its n-grams up, and its matches Σ min(hypothesis count, reference count) grow by one
    /// whenever its count of an n-gram is still within the hypothesis's. Integers, as before.
    func statistics(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> [Int] {
        statistics(hypothesis: hypothesis, references: references, &ws.text)
    }

    private func statistics(hypothesis: String, references: [String], _ t: inout TextScratch) -> [Int] {
        t.table.removeAll()
        let orders = charOrder + wordOrder
        // The hypothesis: characters (Python whitespace removed), then words; their n-gram counts per order.
        var hypTotals = [Int](repeating: 0, count: orders)
        var n = t.decodeForCHRF(hypothesis, lowercase: lowercase)
        var chars = t.characterTokens(n), words = 0
        t.grams.reset(expecting: chars * orders)  // words ≤ characters
        t.addHypothesisGrams(chars, orders: charOrder)
        if wordOrder > 0 { words = t.wordTokens(n); t.addHypothesisGrams(words, orders: wordOrder) }
        for k in 0..<charOrder { hypTotals[k] = max(0, chars - k) }
        for k in 0..<wordOrder { hypTotals[charOrder + k] = max(0, words - k) }
        var best: [Int] = []
        var bestF = -1.0
        var stats = [Int](repeating: 0, count: 3 * orders)
        for r in references {
            t.grams.beginReference()
            t.clearMatches(orders)
            n = t.decodeForCHRF(r, lowercase: lowercase)
            chars = t.characterTokens(n)
            t.addReferenceGrams(chars, orders: charOrder)
            if wordOrder > 0 { words = t.wordTokens(n); t.addReferenceGrams(words, orders: wordOrder, first: charOrder) }
            for k in 0..<orders {
                let refTotal = k < charOrder ? max(0, chars - k) : max(0, words - (k - charOrder))
                stats[3 * k] = refTotal == 0 ? 0 : hypTotals[k]
                stats[3 * k + 1] = refTotal
                stats[3 * k + 2] = t.matches[k]
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
        sentenceScore(hypothesis: hypothesis, references: references, in: ScoringWorkspace())
    }

    public func sentenceScore(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> Double {
        fScore(statistics(hypothesis: hypothesis, references: references, in: ws))
    }

    public func corpusScore(hypotheses: [String], references: [[String]]) -> Double {
        var sum = [Int](repeating: 0, count: 3 * (charOrder + wordOrder))
        let ws = ScoringWorkspace()
        for (h, r) in zip(hypotheses, references) {
            for (i, v) in statistics(hypothesis: h, references: r, in: ws).enumerated() { sum[i] += v }
        }
        return fScore(sum)
    }

    /// sacrebleu's signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`.
    public func signature(referenceCounts: [Int]) -> String {
        "nrefs:\(Signature.nrefs(referenceCounts))|case:\(lowercase ? "lc" : "mixed")|eff:yes|nc:\(charOrder)|nw:\(wordOrder)"
            + "|space:no|version:\(Signature.sacrebleuVersion)"
    }
}
