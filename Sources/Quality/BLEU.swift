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
        let hyp = preprocess(hypothesis)
        var refMax: [[Int]: Int] = [:]
        var refLens: [Int] = []
        var vocab: [Scalars: Int] = [:]
        func ids(_ tokens: [Scalars]) -> [Int] {
            tokens.map { t in
                if let id = vocab[t] { return id }
                let id = vocab.count; vocab[t] = id; return id
            }
        }
        for r in references {
            let toks = ids(preprocess(r))
            refLens.append(toks.count)
            for (g, c) in Self.ngrams(toks) { refMax[g] = max(refMax[g] ?? 0, c) }
        }
        let h = ids(hyp)
        var correct = [Int](repeating: 0, count: Self.maxOrder), total = correct
        for (g, c) in Self.ngrams(h) {
            total[g.count - 1] += c
            if let r = refMax[g] { correct[g.count - 1] += min(c, r) }
        }
        return [h.count, Self.closestRefLen(h.count, refLens)] + correct + total
    }

    private func preprocess(_ text: String) -> [Scalars] {
        var s = text.scalars
        if lowercase { s = PythonText.lower(s) }
        return tokenizer.tokenize(PythonText.rstrip(s))
    }

    private static func ngrams(_ tokens: [Int]) -> [[Int]: Int] {
        var d: [[Int]: Int] = [:]
        for n in 1...maxOrder where tokens.count >= n {
            for i in 0...(tokens.count - n) { d[Array(tokens[i..<(i + n)]), default: 0] += 1 }
        }
        return d
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
        Self.compute(statistics(hypothesis: hypothesis, references: references), effectiveOrder: true)
    }

    /// Corpus BLEU as `sacrebleu.corpus_bleu` (statistics summed over segments, exp smoothing, no effective order).
    public func corpusScore(hypotheses: [String], references: [[String]]) -> BLEUResult {
        var sum = [Int](repeating: 0, count: 2 + 2 * Self.maxOrder)
        for (h, r) in zip(hypotheses, references) {
            for (i, v) in statistics(hypothesis: h, references: r).enumerated() { sum[i] += v }
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
