/// Exact match and F1 as the official SQuAD v1.1 evaluation script defines them.
///
/// Normalization: Python `str.lower`, remove every character of `string.punctuation` (ASCII only), replace
/// the whole words "a", "an", "the" (`\b(a|an|the)\b`, Unicode word characters) by a space, then split on
/// whitespace and rejoin with single spaces.
/// EM = 1 if the normalized prediction equals a normalized answer. F1 = 2PR/(P+R) over the multiset of shared
/// tokens (0 when none are shared). Each is the maximum over the accepted answers.
public enum SQuAD {
    /// The normalized answer, as code points.
    public static func normalize(_ text: String) -> Scalars {
        let lowered = PythonText.lower(text.scalars)
        let noPunct = lowered.filter { !PythonText.isASCIIPunctuation($0) }
        var out: Scalars = []
        var i = 0
        while i < noPunct.count {
            if PythonText.isWordChar(noPunct[i]) {
                var j = i
                while j < noPunct.count && PythonText.isWordChar(noPunct[j]) { j += 1 }
                let word = Array(noPunct[i..<j])
                if word == ["a"] || word == ["a", "n"] || word == ["t", "h", "e"] { out.append(" ") }
                else { out.append(contentsOf: word) }
                i = j
            } else {
                out.append(noPunct[i]); i += 1
            }
        }
        return Array(PythonText.split(out).joined(separator: [" "]))
    }

    /// 1 if the normalized texts are equal code point for code point, else 0.
    public static func exactMatch(prediction: String, groundTruth: String) -> Double {
        normalize(prediction) == normalize(groundTruth) ? 1 : 0
    }

    /// Token-overlap F1 in 0...1.
    public static func f1(prediction: String, groundTruth: String) -> Double {
        let p = PythonText.split(normalize(prediction)), g = PythonText.split(normalize(groundTruth))
        var counts: [Scalars: Int] = [:]
        for t in g { counts[t, default: 0] += 1 }
        var same = 0
        for t in p { if let c = counts[t], c > 0 { same += 1; counts[t] = c - 1 } }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p.count), recall = Double(same) / Double(g.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// Maximum exact match over the accepted answers, in 0...1 (0 with no answers).
    public static func exactMatch(prediction: String, groundTruths: [String]) -> Double {
        groundTruths.map { exactMatch(prediction: prediction, groundTruth: $0) }.max() ?? 0
    }

    /// Maximum F1 over the accepted answers, in 0...1 (0 with no answers).
    public static func f1(prediction: String, groundTruths: [String]) -> Double {
        groundTruths.map { f1(prediction: prediction, groundTruth: $0) }.max() ?? 0
    }
}
