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

    /// As `statistics(hypothesis:references:)`, reusing one thread's workspace. The hypothesis's n-grams
    /// are counted in a table keyed by (slot of the first n − 1 tokens, last token); each reference then
    /// only looks its n-grams up, raising the clipped count by one whenever its count of an n-gram exceeds
    /// every earlier reference's and is still within the hypothesis's (Σ min(hyp, max over refs)). Every
    /// count is an integer, as before.
    func statistics(hypothesis: String, references: [String], in ws: ScoringWorkspace) -> [Int] {
        statistics(hypothesis: hypothesis, references: references, &ws.text)
    }

    private func statistics(hypothesis: String, references: [String], _ t: inout TextScratch) -> [Int] {
        t.table.removeAll()
        let sysLen = t.bleuTokens(hypothesis, tokenizer, lowercase: lowercase)
        t.grams.reset(expecting: Self.maxOrder * sysLen)
        t.addHypothesisGrams(sysLen, orders: Self.maxOrder)
        t.clearMatches(Self.maxOrder)
        var refLen = -1, closestDiff = -1  // the reference length closest to sysLen, the shorter on ties
        for r in references {
            let len = t.bleuTokens(r, tokenizer, lowercase: lowercase)
            let diff = abs(sysLen - len)
            if closestDiff == -1 || diff < closestDiff { closestDiff = diff; refLen = len }
            else if diff == closestDiff && len < refLen { refLen = len }
            t.grams.beginReference()
            t.addReferenceGrams(len, orders: Self.maxOrder)
        }
        var stats = [Int]()
        stats.reserveCapacity(2 + 2 * Self.maxOrder)
        stats.append(sysLen); stats.append(refLen)
        for k in 0..<Self.maxOrder { stats.append(t.clips[k]) }
        for n in 1...Self.maxOrder { stats.append(max(0, sysLen - n + 1)) }  // hypothesis n-grams: one per start position
        return stats
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
