/// Precision, recall and F-measure of one ROUGE variant, each in 0...1.
public struct RougeScore: Sendable, Equatable, Codable {
    public var precision: Double
    public var recall: Double
    /// 2PR / (P + R), or 0 when P + R = 0.
    public var fmeasure: Double

    public init(precision: Double, recall: Double, fmeasure: Double) {
        self.precision = precision; self.recall = recall; self.fmeasure = fmeasure
    }

    /// Builds a score from P and R with rouge-score's F-measure.
    init(precision: Double, recall: Double) {
        self.init(precision: precision, recall: recall,
                  fmeasure: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
    }

    static let zero = RougeScore(precision: 0, recall: 0, fmeasure: 0)
}

/// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of one prediction.
public struct RougeScores: Sendable, Equatable, Codable {
    public var rouge1: RougeScore
    public var rouge2: RougeScore
    public var rougeL: RougeScore
    public var rougeLsum: RougeScore
}

/// rouge-score's default tokenizer: lowercase (Python `str.lower`), every run of characters outside
/// `[a-z0-9]` becomes a separator, optional Porter stemming of tokens longer than 3 characters.
public struct RougeTokenizer: Sendable {
    public var stem: Bool

    public init(stem: Bool) { self.stem = stem }

    public func tokenize(_ text: String) -> [Scalars] {
        let ws = ScoringWorkspace()
        ws.beginPair()
        var ids: [Int32] = [], sentences: [Range<Int>] = []
        tokenIDs(text, ws, &ids, &sentences)
        return ids.map { id in ws.words.values(id).map { Unicode.Scalar($0)! } }
    }

    public func tokenize(_ text: Scalars) -> [Scalars] { tokenize(text.string) }

    /// The tokens of `text` as word ids of `ws.words` (stemmed when asked), and the token ranges of its
    /// lines (split on "\n"; lines without tokens left out). A token never spans a line: "\n" separates.
    func tokenIDs(_ text: String, _ ws: ScoringWorkspace, _ ids: inout [Int32], _ sentences: inout [Range<Int>]) {
        ids.removeAll(keepingCapacity: true)
        sentences.removeAll(keepingCapacity: true)
        var current: [UInt32] = []
        swap(&current, &ws.scratch)  // reuse its capacity without a copy-on-write
        current.removeAll(keepingCapacity: true)
        var lineStart = 0
        func flush() {
            guard !current.isEmpty else { return }
            if let id = current.withUnsafeBufferPointer({ ws.wordID($0, stem: stem) }) { ids.append(id) }
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v >= 0x61 && v <= 0x7A || v >= 0x30 && v <= 0x39 { current.append(v) }
                else if v >= 0x41 && v <= 0x5A { current.append(v + 32) }
                else {
                    flush()
                    if v == 0x0A {
                        if ids.count > lineStart { sentences.append(lineStart..<ids.count) }
                        lineStart = ids.count
                    }
                }
            } else {
                // Python's lower() of one code point; a few (U+0130, U+212A) map to ASCII letters.
                for m in scalar.properties.lowercaseMapping.unicodeScalars {
                    let w = m.value
                    if w >= 0x61 && w <= 0x7A || w >= 0x30 && w <= 0x39 { current.append(w) } else { flush() }
                }
            }
        }
        flush()
        if ids.count > lineStart { sentences.append(lineStart..<ids.count) }
        swap(&current, &ws.scratch)
    }
}

/// ROUGE as Google's `rouge-score` package (rouge_score.rouge_scorer, v0.1.2) defines it.
///
/// ROUGE-N: clipped n-gram overlap; P = overlap / max(prediction n-grams, 1), R = overlap / max(target n-grams, 1).
/// ROUGE-L: P = LCS / |prediction|, R = LCS / |target| over tokens (0 when either is empty).
/// ROUGE-Lsum: texts split on "\n" (empty lines dropped); per target sentence, the union of the LCS index
/// sets against every prediction sentence; each hit is counted while both texts still have that token left;
/// P = hits / prediction tokens, R = hits / target tokens.
/// Multiple targets: per variant, the target with the highest F-measure (the first on ties), as `score_multi`.
///
/// Tokens are compared as integer ids (interned per thread, see `ScoringWorkspace`); all counts are integers
/// and each P, R and F is computed by the same floating-point operations as before, so scores are the same
/// to the last bit (Tests/QualityTests/GoldenBitsTests).
public struct Rouge: Sendable {
    public var tokenizer: RougeTokenizer

    public init(stem: Bool = false) { tokenizer = RougeTokenizer(stem: stem) }

    /// Scores `prediction` against one `target`.
    public func score(target: String, prediction: String) -> RougeScores {
        score(targets: [target], prediction: prediction)
    }

    /// Scores `prediction` against each target and keeps, per variant, the best F-measure (first on ties).
    public func score(targets: [String], prediction: String) -> RougeScores {
        score(targets: targets, prediction: prediction, in: ScoringWorkspace())
    }

    /// As `score(targets:prediction:)`, reusing one thread's workspace.
    public func score(targets: [String], prediction: String, in ws: ScoringWorkspace) -> RougeScores {
        guard !targets.isEmpty else { return RougeScores(rouge1: .zero, rouge2: .zero, rougeL: .zero, rougeLsum: .zero) }
        ws.beginPair()
        var p = RougeText(), t = RougeText()
        p.load(prediction, tokenizer, ws)
        var best: RougeScores?
        for target in targets {
            t.load(target, tokenizer, ws)
            let s = RougeScores(rouge1: Self.ngramScore(t, p, n: 1), rouge2: Self.ngramScore(t, p, n: 2),
                                rougeL: Self.lcsScore(t.tokens, p.tokens), rougeLsum: Self.summaryLevelLCS(t, p, ws))
            guard var b = best else { best = s; continue }
            if s.rouge1.fmeasure > b.rouge1.fmeasure { b.rouge1 = s.rouge1 }
            if s.rouge2.fmeasure > b.rouge2.fmeasure { b.rouge2 = s.rouge2 }
            if s.rougeL.fmeasure > b.rougeL.fmeasure { b.rougeL = s.rougeL }
            if s.rougeLsum.fmeasure > b.rougeLsum.fmeasure { b.rougeLsum = s.rougeLsum }
            best = b
        }
        return best!
    }

    /// A text's tokens as dense ids of the current pair, its lines as token ranges, and its sorted n-grams.
    struct RougeText {
        var tokens: [Int32] = []
        var sentences: [Range<Int>] = []
        var unigrams: [Int64] = []
        var bigrams: [Int64] = []
        private var words: [Int32] = []

        mutating func load(_ text: String, _ tokenizer: RougeTokenizer, _ ws: ScoringWorkspace) {
            tokenizer.tokenIDs(text, ws, &words, &sentences)
            tokens.removeAll(keepingCapacity: true)
            for w in words { tokens.append(ws.localID(w)) }
            unigrams.removeAll(keepingCapacity: true)
            for x in tokens { unigrams.append(Int64(x)) }
            unigrams.sort()
            bigrams.removeAll(keepingCapacity: true)
            if tokens.count >= 2 {
                for i in 0..<(tokens.count - 1) { bigrams.append(Int64(tokens[i]) << 32 | Int64(tokens[i + 1])) }
            }
            bigrams.sort()
        }
    }

    /// The size of the multiset intersection of two sorted arrays (Σ min of the counts).
    static func overlap(_ a: [Int64], _ b: [Int64]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    static func ngramScore(_ target: RougeText, _ prediction: RougeText, n: Int) -> RougeScore {
        let t = n == 1 ? target.unigrams : target.bigrams, p = n == 1 ? prediction.unigrams : prediction.bigrams
        let overlap = overlap(t, p)
        return RougeScore(precision: Double(overlap) / Double(max(p.count, 1)), recall: Double(overlap) / Double(max(t.count, 1)))
    }

    static func lcsScore(_ target: [Int32], _ prediction: [Int32]) -> RougeScore {
        guard !target.isEmpty, !prediction.isEmpty else { return .zero }
        let lcs = lcsLength(target[...], prediction[...])
        return RougeScore(precision: Double(lcs) / Double(prediction.count), recall: Double(lcs) / Double(target.count))
    }

    /// The LCS length by the textbook recurrence, one row at a time.
    static func lcsLength(_ ref: ArraySlice<Int32>, _ can: ArraySlice<Int32>) -> Int {
        var row = [Int32](repeating: 0, count: can.count + 1)
        return row.withUnsafeMutableBufferPointer { r in
            for x in ref {
                var diagonal: Int32 = 0  // t[i-1][j-1]
                var j = 1
                for y in can {
                    let up = r[j]
                    r[j] = x == y ? diagonal + 1 : max(up, r[j - 1])
                    diagonal = up
                    j += 1
                }
            }
            return Int(r[can.count])
        }
    }

    /// Marks in `mark` (indexed like `ref`) the indices of one LCS of `ref` and `can`, found by rouge-score's
    /// backtrack over the full table (match, else left if strictly larger, else up).
    static func markLCS(_ ref: ArraySlice<Int32>, _ can: ArraySlice<Int32>, _ table: inout [Int32], _ mark: inout [Bool]) {
        let m = ref.count, n = can.count, w = n + 1
        let need = (m + 1) * w
        if table.count < need { table = [Int32](repeating: 0, count: need) }
        let r0 = ref.startIndex, c0 = can.startIndex
        table.withUnsafeMutableBufferPointer { t in
            for j in 0...n { t[j] = 0 }
            for i in 1...m {
                t[i * w] = 0
                let x = ref[r0 + i - 1]
                for j in 1...n {
                    t[i * w + j] = x == can[c0 + j - 1] ? t[(i - 1) * w + j - 1] + 1 : max(t[(i - 1) * w + j], t[i * w + j - 1])
                }
            }
            var i = m, j = n
            while i > 0 && j > 0 {
                if ref[r0 + i - 1] == can[c0 + j - 1] { mark[i - 1] = true; i -= 1; j -= 1 }
                else if t[i * w + j - 1] > t[(i - 1) * w + j] { j -= 1 }
                else { i -= 1 }
            }
        }
    }

    static func summaryLevelLCS(_ target: RougeText, _ prediction: RougeText, _ ws: ScoringWorkspace) -> RougeScore {
        let m = target.tokens.count, n = prediction.tokens.count
        guard m > 0, n > 0 else { return .zero }
        let v = Int(ws.localCount)
        var countR: [Int32] = [], countC: [Int32] = []
        swap(&countR, &ws.counts); swap(&countC, &ws.counts2)
        countR.removeAll(keepingCapacity: true); countR.append(contentsOf: repeatElement(0, count: v))
        countC.removeAll(keepingCapacity: true); countC.append(contentsOf: repeatElement(0, count: v))
        for t in target.tokens { countR[Int(t)] += 1 }
        for t in prediction.tokens { countC[Int(t)] += 1 }
        var hits = 0
        var table: [Int32] = [], mark: [Bool] = []
        for rs in target.sentences {
            let r = target.tokens[rs]
            mark.removeAll(keepingCapacity: true); mark.append(contentsOf: repeatElement(false, count: r.count))
            for cs in prediction.sentences { markLCS(r, prediction.tokens[cs], &table, &mark) }
            for (k, marked) in mark.enumerated() where marked {
                let tok = Int(r[r.startIndex + k])
                if countC[tok] > 0 && countR[tok] > 0 { hits += 1; countC[tok] -= 1; countR[tok] -= 1 }
            }
        }
        swap(&countR, &ws.counts); swap(&countC, &ws.counts2)
        return RougeScore(precision: Double(hits) / Double(n), recall: Double(hits) / Double(m))
    }
}
