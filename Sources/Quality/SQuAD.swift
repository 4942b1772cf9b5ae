/// Exact match and F1 as the official SQuAD v1.1 evaluation script defines them.
///
/// Normalization: Python `str.lower`, remove every character of `string.punctuation` (ASCII only), replace
/// the whole words "a", "an", "the" (`\b(a|an|the)\b`, Unicode word characters) by a space, then split on
/// whitespace and rejoin with single spaces.
/// EM = 1 if the normalized prediction equals a normalized answer. F1 = 2PR/(P+R) over the multiset of shared
/// tokens (0 when none are shared). Each is the maximum over the accepted answers.
///
/// Each normalized token becomes an exact integer key (a short ASCII token packed, any other interned), so two
/// normalized texts are equal exactly when their key sequences are; F1's arithmetic is the script's, so scores are the same to the last bit.
/// The normalization itself is in `SQuADTokens.swift`.
public enum SQuAD {
    /// The normalized answer, as code points.
    public static func normalize(_ text: String) -> Scalars {
        var t = TextScratch()
        let count = t.squadNormalized(text)
        var joined: Scalars = []
        for k in 0..<count {
            if k > 0 { joined.append(" ") }
            for i in Int(t.ranges[2 * k])..<Int(t.ranges[2 * k + 1]) { joined.append(Unicode.Scalar(t.a[i])!) }
        }
        return joined
    }

    /// Exact match and F1 (each 0...1), each the maximum over the accepted answers (0 with no answers);
    /// the prediction and each answer are normalized once, their tokens turned into exact keys.
    public static func scores(prediction: String, groundTruths: [String], in ws: ScoringWorkspace) -> (exactMatch: Double, f1: Double) {
        guard !groundTruths.isEmpty else { return (0, 0) }
        return scores(prediction: prediction, groundTruths: groundTruths, &ws.text)
    }

    private static func scores(prediction: String, groundTruths: [String], _ t: inout TextScratch) -> (exactMatch: Double, f1: Double) {
        t.table.removeAll()
        let p = t.squadTokenKeys(prediction)
        TextScratch.ensure(&t.first, p)
        for i in 0..<p { t.first[i] = t.keys[i] }
        var bestEM: Double?, bestF1: Double?
        for truth in groundTruths {
            let g = t.squadTokenKeys(truth)
            let e: Double = p == g && (0..<p).allSatisfy { t.first[$0] == t.keys[$0] } ? 1 : 0
            let f = t.squadF1(p, g)
            if bestEM == nil || e > bestEM! { bestEM = e }
            if bestF1 == nil || f > bestF1! { bestF1 = f }
        }
        return (bestEM!, bestF1!)
    }

    /// 1 if the normalized texts are equal code point for code point, else 0.
    public static func exactMatch(prediction: String, groundTruth: String) -> Double {
        scores(prediction: prediction, groundTruths: [groundTruth], in: ScoringWorkspace()).exactMatch
    }

    /// Token-overlap F1 in 0...1.
    public static func f1(prediction: String, groundTruth: String) -> Double {
        scores(prediction: prediction, groundTruths: [groundTruth], in: ScoringWorkspace()).f1
    }

    /// Maximum exact match over the accepted answers, in 0...1 (0 with no answers).
    public static func exactMatch(prediction: String, groundTruths: [String]) -> Double {
        scores(prediction: prediction, groundTruths: groundTruths, in: ScoringWorkspace()).exactMatch
    }

    /// Maximum F1 over the accepted answers, in 0...1 (0 with no answers).
    public static func f1(prediction: String, groundTruths: [String]) -> Double {
        scores(prediction: prediction, groundTruths: groundTruths, in: ScoringWorkspace()).f1
    }
}
