import Foundation

/// BLEU's sufficient statistics and score for one segment or a whole corpus, as sacrebleu's `BLEUScore`.
public struct BLEUResult: Sendable, Equatable, Codable {
    /// 0-100.
    public var score: Double
    /// Clipped matching n-grams for n = 1...4.
    public var counts: [Int]
    /// Hypothesis n-grams for n = 1...4.
    public var totals: [Int]
    /// Per-order precisions in percent (smoothed as the score used them; all 0 when nothing matched).
    public var precisions: [Double]
    /// Brevity penalty: 1 if sys_len ≥ ref_len, else exp(1 − ref_len / sys_len) (0 when sys_len = 0).
    public var bp: Double
    /// Hypothesis tokens.
    public var sysLen: Int
    /// Reference tokens (per segment, the reference length closest to the hypothesis, the shorter on ties).
    public var refLen: Int
}

/// BLEU as sacrebleu 2.x computes it (`sacrebleu.metrics.BLEU`, max order 4).
///
/// Per segment: the hypothesis and each reference are lowercased if asked (Python `str.lower`), right-stripped,
/// tokenised; n-gram counts are clipped by the maximum count over the references.
/// Score = BP · exp((1/N) Σ log pₙ) with pₙ = 100·countsₙ/totalsₙ; with `exp` smoothing a zero count
/// takes 100 / (2^k · totalsₙ) for the k-th zero order; N = 4, or with effective order the highest n with
/// totalsₙ > 0. BLEU is 0 when no n-gram of any order matches.
public struct BLEU: Sendable {
    public static let maxOrder = 4
    public var tokenizer: BLEUTokenizer
    public var lowercase: Bool

    public init(tokenizer: BLEUTokenizer = .thirteenA, lowercase: Bool = false) {
        self.tokenizer = tokenizer; self.lowercase = lowercase
    }

    /// Integer statistics of one segment: [sys_len, ref_len, counts₁…₄, totals₁…₄].
    public func statistics(hypothesis: String, references: [String]) -> [Int] {
        statistics(hypothesis: hypothesis, references: references, in: ScoringWorkspace())
    }

    /// As `statistics(hypothesis:references:)`, reusing one thread's workspace. Tokens and then n-grams
    /// (an n-gram is its order, the id of its first n−1 tokens and its last token) are interned to dense ids, so
    /// the clipped counts are array lookups; every count is an integer, as before.
    func statistics(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> [Int] {
        // The tables and buffers are moved out of the workspace for the pair (no exclusivity checks per access).
        var tokens = TokenTable(), grams = GramTable(), refMax: [Int32] = [], counts: [Int32] = []
        swap(&tokens, &ws.pair); swap(&grams, &ws.grams); swap(&refMax, &ws.counts); swap(&counts, &ws.counts2)
        defer { swap(&tokens, &ws.pair); swap(&grams, &ws.grams); swap(&refMax, &ws.counts); swap(&counts, &ws.counts2) }
        tokens.removeAll(); grams.removeAll()
        let hyp = self.grams(hypothesis, &tokens, &grams)
        var refLens: [Int] = []
        var refGrams: [[Int32]] = []
        for r in references {
            let g = self.grams(r, &tokens, &grams)
            refLens.append(g.tokens)
            refGrams.append(g.ids)
        }
        let size = grams.count
        refMax.removeAll(keepingCapacity: true); refMax.append(contentsOf: repeatElement(0, count: size))
        counts.removeAll(keepingCapacity: true); counts.append(contentsOf: repeatElement(0, count: size))
        var correct = [Int](repeating: 0, count: Self.maxOrder), total = correct
        refMax.withUnsafeMutableBufferPointer { refMax in
            counts.withUnsafeMutableBufferPointer { counts in
                for ids in refGrams {
                    for g in ids { counts[Int(g)] += 1 }
                    for g in ids { let c = counts[Int(g)]; if c > refMax[Int(g)] { refMax[Int(g)] = c }; counts[Int(g)] = 0 }
                }
                for g in hyp.ids { counts[Int(g)] += 1 }
                for (g, order) in zip(hyp.ids, hyp.orders) {
                    let c = counts[Int(g)]
                    guard c > 0 else { continue }  // counted at its first occurrence
                    total[Int(order)] += Int(c)
                    correct[Int(order)] += Int(min(c, refMax[Int(g)]))
                    counts[Int(g)] = 0
                }
            }
        }
        return [hyp.tokens, Self.closestRefLen(hyp.tokens, refLens)] + correct + total
    }

    /// A segment's n-gram ids (orders 1…4, each with its order − 1 in `orders`) and its token count.
    private func grams(_ text: String, _ table: inout TokenTable, _ grams: inout GramTable) -> (ids: [Int32], orders: [UInt8], tokens: Int) {
        let tokens = tokenizer.tokenIDs(preprocess(text), &table)
        var ids: [Int32] = [], orders: [UInt8] = []
        ids.reserveCapacity(tokens.count * Self.maxOrder)
        orders.reserveCapacity(tokens.count * Self.maxOrder)
        grams.reserve(tokens.count * Self.maxOrder)
        for t in tokens { ids.append(grams.id(tag: 1, prefix: 0, last: UInt32(bitPattern: t))); orders.append(0) }
        var start = 0  // where the previous order's ids begin in `ids`
        for n in 2...Self.maxOrder where tokens.count >= n {
            let previousStart = start
            start = ids.count
            for i in 0...(tokens.count - n) {
                ids.append(grams.id(tag: UInt32(n), prefix: ids[previousStart + i], last: UInt32(bitPattern: tokens[i + n - 1])))
                orders.append(UInt8(n - 1))
            }
        }
        return (ids, orders, tokens.count)
    }

    private func preprocess(_ text: String) -> Scalars {
        var s = text.scalars
        if lowercase { s = PythonText.lower(s) }
        return PythonText.rstrip(s)
    }

    static func closestRefLen(_ hypLen: Int, _ refLens: [Int]) -> Int {
        var closestDiff = -1, closestLen = -1
        for r in refLens {
            let diff = abs(hypLen - r)
            if closestDiff == -1 || diff < closestDiff { closestDiff = diff; closestLen = r }
            else if diff == closestDiff && r < closestLen { closestLen = r }
        }
        return closestLen
    }

    /// Sentence BLEU as `sacrebleu.sentence_bleu` (exp smoothing, effective order).
    public func sentenceScore(hypothesis: String, references: [String]) -> BLEUResult {
        sentenceScore(hypothesis: hypothesis, references: references, in: ScoringWorkspace())
    }

    public func sentenceScore(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> BLEUResult {
        Self.compute(statistics(hypothesis: hypothesis, references: references, in: ws), effectiveOrder: true)
    }

    /// Corpus BLEU as `sacrebleu.corpus_bleu` (statistics summed over segments, exp smoothing, no effective order).
    public func corpusScore(hypotheses: [String], references: [[String]]) -> BLEUResult {
        var sum = [Int](repeating: 0, count: 2 + 2 * Self.maxOrder)
        let ws = ScoringWorkspace()
        for (h, r) in zip(hypotheses, references) {
            for (i, v) in statistics(hypothesis: h, references: r, in: ws).enumerated() { sum[i] += v }
        }
        return Self.compute(sum, effectiveOrder: false)
    }

    /// The score from summed statistics ([sys_len, ref_len, counts…, totals…]), exp smoothing.
    public static func compute(_ stats: [Int], effectiveOrder: Bool) -> BLEUResult {
        let sysLen = stats[0], refLen = stats[1]
        let correct = Array(stats[2..<(2 + maxOrder)]), total = Array(stats[(2 + maxOrder)...])
        var bp = 1.0
        if sysLen < refLen { bp = sysLen > 0 ? exp(1 - Double(refLen) / Double(sysLen)) : 0.0 }
        var precisions = [Double](repeating: 0, count: maxOrder)
        func result(_ score: Double) -> BLEUResult {
            BLEUResult(score: score, counts: correct, totals: total, precisions: precisions, bp: bp,
                       sysLen: sysLen, refLen: refLen)
        }
        if !correct.contains(where: { $0 != 0 }) { return result(0) }
        var smooth = 1.0
        var effOrder = maxOrder
        for n in 1...maxOrder {
            if total[n - 1] == 0 { break }
            if effectiveOrder { effOrder = n }
            if correct[n - 1] == 0 {
                smooth *= 2
                precisions[n - 1] = 100.0 / (smooth * Double(total[n - 1]))
            } else {
                precisions[n - 1] = 100.0 * Double(correct[n - 1]) / Double(total[n - 1])
            }
        }
        var logSum = 0.0
        for p in precisions[0..<effOrder] { logSum += p == 0 ? -9999999999 : log(p) }
        return result(bp * exp(logSum / Double(effOrder)))
    }

    /// sacrebleu's signature string, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    /// `nrefs` is `var` when segments have different numbers of references.
    public func signature(referenceCounts: [Int], effectiveOrder: Bool) -> String {
        "nrefs:\(Signature.nrefs(referenceCounts))|case:\(lowercase ? "lc" : "mixed")|eff:\(effectiveOrder ? "yes" : "no")"
            + "|tok:\(tokenizer.rawValue)|smooth:exp|version:\(Signature.sacrebleuVersion)"
    }
}

/// Pieces of sacrebleu's signature strings.
public enum Signature {
    /// The sacrebleu release whose definitions these metrics were verified against (Tests/QualityTests/Fixtures).
    public static let sacrebleuVersion = "2.6.0"

    static func nrefs(_ counts: [Int]) -> String {
        let distinct = Set(counts)
        return distinct.count == 1 ? String(distinct.first!) : "var"
    }
}
