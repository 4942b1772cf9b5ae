/// Exact match and F1 as the official SQuAD v1.1 evaluation script defines them.
///
/// Normalization: Python `str.lower`, remove every character of `string.punctuation` (ASCII only), replace
/// the whole words "a", "an", "the" (`\b(a|an|the)\b`, Unicode word characters) by a space, then split on
/// whitespace and rejoin with single spaces.
/// EM = 1 if the normalized prediction equals a normalized answer. F1 = 2PR/(P+R) over the multiset of shared
/// tokens (0 when none are shared). Each is the maximum over the accepted answers.
///
/// The normalized tokens are interned to integer ids (two normalized texts are equal exactly when their
/// token id sequences are); F1's arithmetic is the script's, so scores are the same to the last bit.
public enum SQuAD {
    /// The normalized answer, as code points.
    public static func normalize(_ text: String) -> Scalars {
        var out: [UInt32] = [], tokens: [Range<Int>] = []
        normalizedTokens(text, &out, &tokens)
        var joined: Scalars = []
        for (k, t) in tokens.enumerated() {
            if k > 0 { joined.append(" ") }
            for v in out[t] { joined.append(Unicode.Scalar(v)!) }
        }
        return joined
    }

    /// The tokens of the normalized text, as ranges of `out` (code points).
    static func normalizedTokens(_ text: String, _ out: inout [UInt32], _ tokens: inout [Range<Int>]) {
        out.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        // 1-2. Python's lower() (an ASCII text needs no context rules), then drop string.punctuation.
        var kept: [UInt32] = []
        kept.reserveCapacity(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in text.utf8 {
                let v = UInt32(b)
                if PythonText.isASCIIPunctuation(v) { continue }
                kept.append(v >= 0x41 && v <= 0x5A ? v + 32 : v)
            }
        } else {
            for s in PythonText.lower(text.scalars) where !PythonText.isASCIIPunctuation(s.value) { kept.append(s.value) }
        }
        // 3-4. Articles become a space; whitespace separates tokens.
        var start = out.count
        func end() { if out.count > start { tokens.append(start..<out.count) }; start = out.count }
        var i = 0
        while i < kept.count {
            if PythonText.isWordChar(kept[i]) {
                var j = i
                while j < kept.count && PythonText.isWordChar(kept[j]) { j += 1 }
                let n = j - i
                let article = (n == 1 && kept[i] == 0x61) || (n == 2 && kept[i] == 0x61 && kept[i + 1] == 0x6E)
                    || (n == 3 && kept[i] == 0x74 && kept[i + 1] == 0x68 && kept[i + 2] == 0x65)
                if article { end() } else { out.append(contentsOf: kept[i..<j]) }
                i = j
            } else {
                if PythonText.isSpace(kept[i]) { end() } else { out.append(kept[i]) }
                i += 1
            }
        }
        end()
    }

    /// The normalized tokens of `text` as ids of `table`.
    static func tokenIDs(_ text: String, _ table: inout TokenTable, _ buffer: inout [UInt32], _ ranges: inout [Range<Int>]) -> [Int32] {
        normalizedTokens(text, &buffer, &ranges)
        return buffer.withUnsafeBufferPointer { b in ranges.map { table.id(UnsafeBufferPointer(rebasing: b[$0])) } }
    }

    /// Exact match and F1 (each 0...1), each the maximum over the accepted answers (0 with no answers);
    /// the prediction and each answer are normalized once.
    public static func scores(prediction: String, groundTruths: [String], in ws: ScoringWorkspace) -> (exactMatch: Double, f1: Double) {
        guard !groundTruths.isEmpty else { return (0, 0) }
        ws.pair.removeAll()
        var buffer: [UInt32] = [], ranges: [Range<Int>] = []
        let p = tokenIDs(prediction, &ws.pair, &buffer, &ranges)
        var bestEM: Double?, bestF1: Double?
        for truth in groundTruths {
            let g = tokenIDs(truth, &ws.pair, &buffer, &ranges)
            let e: Double = p == g ? 1 : 0
            let f = f1(p, g, ws)
            if bestEM == nil || e > bestEM! { bestEM = e }
            if bestF1 == nil || f > bestF1! { bestF1 = f }
        }
        return (bestEM!, bestF1!)
    }

    /// Token-overlap F1 of two id sequences, as the script's `f1_score`.
    static func f1(_ p: [Int32], _ g: [Int32], _ ws: ScoringWorkspace) -> Double {
        var counts: [Int32] = []
        swap(&counts, &ws.counts)
        defer { swap(&counts, &ws.counts) }
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: ws.pair.count))
        for t in g { counts[Int(t)] += 1 }
        var same = 0
        for t in p where counts[Int(t)] > 0 { same += 1; counts[Int(t)] -= 1 }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p.count), recall = Double(same) / Double(g.count)
        return 2 * precision * recall / (precision + recall)
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
