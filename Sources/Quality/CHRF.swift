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

    /// The n-gram ids of one text by order index (characters 1…charOrder, then words 1…wordOrder), interned in
    /// `ws.grams` as (order tag, id of the first n − 1 items, last item), so equal n-grams have equal ids.
    private func gramIDs(_ text: String, _ words: inout TokenTable, _ grams: inout GramTable) -> [[Int32]] {
        var s = text.scalars
        if lowercase { s = PythonText.lower(s) }
        var out: [[Int32]] = []
        out.reserveCapacity(charOrder + wordOrder)
        var items: [UInt32] = []
        items.reserveCapacity(s.count)
        for c in s where !PythonText.isSpace(c) { items.append(c.value) }
        func orders(_ tagBase: UInt32, _ count: Int) {
            grams.reserve(items.count * count)
            var previous: [Int32] = []
            for n in 1...count {
                var ids: [Int32] = []
                if items.count >= n {
                    ids.reserveCapacity(items.count - n + 1)
                    for i in 0...(items.count - n) {
                        ids.append(grams.id(tag: tagBase + UInt32(n), prefix: n == 1 ? 0 : previous[i], last: items[i + n - 1]))
                    }
                }
                out.append(ids)
                previous = ids
            }
        }
        orders(0, charOrder)
        if wordOrder > 0 {
            // Words never contain whitespace, so a word n-gram is its sequence of word ids, as in sacrebleu.
            items = Self.splitPunctuation(s).map { w in
                UInt32(bitPattern: w.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: UInt32.self) { words.id($0) }
                })
            }
            orders(1 << 16, wordOrder)
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
        statistics(hypothesis: hypothesis, references: references, in: ScoringWorkspace())
    }

    /// As `statistics(hypothesis:references:)`, reusing one thread's workspace; matches are Σ min(hypothesis
    /// count, reference count) over the shared n-gram ids, integers as before.
    func statistics(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> [Int] {
        // The tables and buffers are moved out of the workspace for the pair (no exclusivity checks per access).
        var words = TokenTable(), grams = GramTable(), hypCount: [Int32] = [], refCount: [Int32] = []
        swap(&words, &ws.pair); swap(&grams, &ws.grams); swap(&hypCount, &ws.counts); swap(&refCount, &ws.counts2)
        defer { swap(&words, &ws.pair); swap(&grams, &ws.grams); swap(&hypCount, &ws.counts); swap(&refCount, &ws.counts2) }
        words.removeAll(); grams.removeAll()
        let hyp = gramIDs(hypothesis, &words, &grams)
        let refs = references.map { gramIDs($0, &words, &grams) }
        let size = grams.count
        hypCount.removeAll(keepingCapacity: true); hypCount.append(contentsOf: repeatElement(0, count: size))
        refCount.removeAll(keepingCapacity: true); refCount.append(contentsOf: repeatElement(0, count: size))
        var best: [Int] = []
        var bestF = -1.0
        hypCount.withUnsafeMutableBufferPointer { hypCount in
            refCount.withUnsafeMutableBufferPointer { refCount in
                for ids in hyp { for g in ids { hypCount[Int(g)] += 1 } }
                for ref in refs {
                    var stats: [Int] = []
                    stats.reserveCapacity(3 * hyp.count)
                    for (h, r) in zip(hyp, ref) {
                        for g in r { refCount[Int(g)] += 1 }
                        var match = 0
                        for g in r {
                            let c = refCount[Int(g)]
                            guard c > 0 else { continue }  // counted at its first occurrence
                            match += Int(min(c, hypCount[Int(g)]))
                            refCount[Int(g)] = 0
                        }
                        stats.append(r.isEmpty ? 0 : h.count); stats.append(r.count); stats.append(match)
                    }
                    let f = fScore(stats)
                    if f > bestF { bestF = f; best = stats }
                }
            }
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
