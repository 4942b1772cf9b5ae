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
    private let stemmer = PorterStemmer()

    public init(stem: Bool) { self.stem = stem }

    public func tokenize(_ text: String) -> [Scalars] { tokenize(text.scalars) }

    public func tokenize(_ text: Scalars) -> [Scalars] {
        var tokens: [Scalars] = []
        var current: Scalars = []
        func flush() {
            guard !current.isEmpty else { return }
            tokens.append(stem && current.count > 3 ? stemmer.stem(current) : current)
            current = []
        }
        for s in PythonText.lower(text) {
            let v = s.value
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { current.append(s) } else { flush() }
        }
        flush()
        return tokens.filter { !$0.isEmpty }
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
public struct Rouge: Sendable {
    public var tokenizer: RougeTokenizer

    public init(stem: Bool = false) { tokenizer = RougeTokenizer(stem: stem) }

    /// Scores `prediction` against one `target`.
    public func score(target: String, prediction: String) -> RougeScores {
        let t = tokenizer.tokenize(target), p = tokenizer.tokenize(prediction)
        let tSents = Self.lines(target).map { tokenizer.tokenize($0) }
        let pSents = Self.lines(prediction).map { tokenizer.tokenize($0) }
        return RougeScores(rouge1: Self.ngramScore(t, p, n: 1), rouge2: Self.ngramScore(t, p, n: 2),
                           rougeL: Self.lcsScore(t, p), rougeLsum: Self.summaryLevelLCS(tSents, pSents))
    }

    /// Scores `prediction` against each target and keeps, per variant, the best F-measure (first on ties).
    public func score(targets: [String], prediction: String) -> RougeScores {
        let all = targets.map { score(target: $0, prediction: prediction) }
        guard var best = all.first else { return RougeScores(rouge1: .zero, rouge2: .zero, rougeL: .zero, rougeLsum: .zero) }
        for s in all.dropFirst() {
            if s.rouge1.fmeasure > best.rouge1.fmeasure { best.rouge1 = s.rouge1 }
            if s.rouge2.fmeasure > best.rouge2.fmeasure { best.rouge2 = s.rouge2 }
            if s.rougeL.fmeasure > best.rougeL.fmeasure { best.rougeL = s.rougeL }
            if s.rougeLsum.fmeasure > best.rougeLsum.fmeasure { best.rougeLsum = s.rougeLsum }
        }
        return best
    }

    static func lines(_ text: String) -> [Scalars] {
        text.scalars.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0) }
    }

    static func ngramScore(_ target: [Scalars], _ prediction: [Scalars], n: Int) -> RougeScore {
        let t = ngrams(target, n), p = ngrams(prediction, n)
        var overlap = 0
        for (g, c) in t { overlap += min(c, p[g] ?? 0) }
        let tc = t.values.reduce(0, +), pc = p.values.reduce(0, +)
        return RougeScore(precision: Double(overlap) / Double(max(pc, 1)), recall: Double(overlap) / Double(max(tc, 1)))
    }

    private static func ngrams(_ tokens: [Scalars], _ n: Int) -> [[Scalars]: Int] {
        var d: [[Scalars]: Int] = [:]
        if tokens.count >= n { for i in 0...(tokens.count - n) { d[Array(tokens[i..<(i + n)]), default: 0] += 1 } }
        return d
    }

    static func lcsScore(_ target: [Scalars], _ prediction: [Scalars]) -> RougeScore {
        guard !target.isEmpty, !prediction.isEmpty else { return .zero }
        let lcs = lcsTable(target, prediction)[target.count][prediction.count]
        return RougeScore(precision: Double(lcs) / Double(prediction.count), recall: Double(lcs) / Double(target.count))
    }

    private static func lcsTable(_ ref: [Scalars], _ can: [Scalars]) -> [[Int]] {
        var t = Array(repeating: Array(repeating: 0, count: can.count + 1), count: ref.count + 1)
        if ref.isEmpty || can.isEmpty { return t }
        for i in 1...ref.count {
            for j in 1...can.count {
                t[i][j] = ref[i - 1] == can[j - 1] ? t[i - 1][j - 1] + 1 : max(t[i - 1][j], t[i][j - 1])
            }
        }
        return t
    }

    /// Indices into `ref` of one LCS with `can`, found by rouge-score's backtrack (match, else left if
    /// strictly larger, else up).
    private static func lcsIndices(_ ref: [Scalars], _ can: [Scalars]) -> [Int] {
        let t = lcsTable(ref, can)
        var i = ref.count, j = can.count
        var out: [Int] = []
        while i > 0 && j > 0 {
            if ref[i - 1] == can[j - 1] { out.append(i - 1); i -= 1; j -= 1 }
            else if t[i][j - 1] > t[i - 1][j] { j -= 1 }
            else { i -= 1 }
        }
        return out.reversed()
    }

    static func summaryLevelLCS(_ refSents: [[Scalars]], _ canSents: [[Scalars]]) -> RougeScore {
        guard !refSents.isEmpty, !canSents.isEmpty else { return .zero }
        let m = refSents.reduce(0) { $0 + $1.count }, n = canSents.reduce(0) { $0 + $1.count }
        guard m > 0, n > 0 else { return .zero }
        var countR: [Scalars: Int] = [:], countC: [Scalars: Int] = [:]
        for s in refSents { for t in s { countR[t, default: 0] += 1 } }
        for s in canSents { for t in s { countC[t, default: 0] += 1 } }
        var hits = 0
        for r in refSents {
            var union = Set<Int>()
            for c in canSents { union.formUnion(lcsIndices(r, c)) }
            for i in union.sorted() {
                let tok = r[i]
                if (countC[tok] ?? 0) > 0 && (countR[tok] ?? 0) > 0 {
                    hits += 1; countC[tok]! -= 1; countR[tok]! -= 1
                }
            }
        }
        return RougeScore(precision: Double(hits) / Double(n), recall: Double(hits) / Double(m))
    }
}
