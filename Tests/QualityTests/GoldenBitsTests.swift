import Foundation
import LLMBenchCore
import Testing
@testable import Quality

/// Every score the Quality module computes, compared with Fixtures/golden-bits.txt to the last bit.
///
/// The fixture tests compare with the references within 1e-9; this one compares with the scores the
/// scorers gave when the golden file was recorded (before issue 17's speed work), as IEEE 754 binary64
/// bit patterns in hex, so a change in the order of a floating-point operation shows. Recorded lines:
/// - every fixture case in full: ROUGE-1/2/L/Lsum P, R, F with and without stemming; sentence BLEU of every
///   tokenizer, cased and lowercased (score, BP, precisions, counts, totals, lengths); chrF, chrF
///   lowercased, chrF++, chrF++ lowercased; SQuAD EM and F1; every stem of the fixture's stem list;
/// - corpus BLEU and chrF over the fixture, and the corpus line of `llmbench score` for each metric;
/// - the stems of a word list (every word of the shipped datasets and the fixture, and stems × suffixes),
///   one SHA-256 per first letter;
/// - the shipped datasets' items as a run scores them (`TaskScorer`, their task and target language), and
///   seeded random texts (Unicode, stemming suffixes, 13a specials) with every metric above: one SHA-256
///   of the case's lines each, so the file stays small.
/// Record again only when a metric's definition changes on purpose: `QUALITY_GOLDEN_WRITE=1 swift test
/// --filter GoldenBitsTests` rewrites the file (the test then fails once, saying so).
@Suite("Scores identical to the recorded bit patterns")
struct GoldenBitsTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden-bits.txt")

    /// The recorded lines of one group, in file order.
    static func recorded(_ group: GoldenLines.Group) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init).filter { GoldenLines.group(of: $0) == group }
    }

    func check(_ group: GoldenLines.Group) throws {
        if ProcessInfo.processInfo.environment["QUALITY_GOLDEN_WRITE"] == "1" {
            if group == .fixtureCases {
                let all = GoldenLines.Group.allCases.flatMap { GoldenLines.lines($0) }
                try (GoldenLines.header + all.joined(separator: "\n") + "\n").write(to: Self.url, atomically: true, encoding: .utf8)
                Issue.record("wrote \(all.count) lines to \(Self.url.path); unset QUALITY_GOLDEN_WRITE and run again")
            }
            return
        }
        let got = GoldenLines.lines(group), want = try Self.recorded(group)
        #expect(got.count == want.count, "\(group): \(got.count) lines computed, \(want.count) recorded")
        var differing: [String] = []
        for (g, w) in zip(got, want) where g != w { differing.append("got  \(g)\nwant \(w)") }
        #expect(differing.isEmpty, "\(group): \(differing.count) lines differ; first:\n\(differing.prefix(8).joined(separator: "\n"))")
    }

    @Test func fixtureCases() throws { try check(.fixtureCases) }
    @Test func stemsCorpusAndScoreFile() throws { try check(.corpus) }
    @Test func datasetAndRandomTexts() throws { try check(.digests) }
}

/// The lines of the golden file, computed by the scorers as they are now.
enum GoldenLines {
    static let header = """
        # Bit patterns (IEEE 754 binary64, hex of Double.bitPattern) of every score of Tests/QualityTests/Fixtures,
        # recorded before the scorers were made faster (issue 17); checked by GoldenBitsTests.swift.
        # Lines: CASE FIELD VALUES…; integers in decimal; digest lines hold the SHA-256 of a case's full lines.

        """

    static func hex(_ d: Double) -> String {
        let h = String(d.bitPattern, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }

    static func hex(_ s: RougeScore) -> String { "\(hex(s.precision)) \(hex(s.recall)) \(hex(s.fmeasure))" }

    static func bleu(_ r: BLEUResult) -> String {
        ([hex(r.score), hex(r.bp)] + r.precisions.map(hex) + r.counts.map(String.init) + r.totals.map(String.init)
            + [String(r.sysLen), String(r.refLen)]).joined(separator: " ")
    }

    /// Every per-segment score of one case, one line per metric variant.
    static func caseLines(_ id: String, _ prediction: String, _ references: [String]) -> [String] {
        var out: [String] = []
        for (key, stem) in [("nostem", false), ("stem", true)] {
            let s = Rouge(stem: stem).score(targets: references, prediction: prediction)
            for (name, v) in [("rouge1", s.rouge1), ("rouge2", s.rouge2), ("rougeL", s.rougeL), ("rougeLsum", s.rougeLsum)] {
                out.append("\(id) rouge.\(key).\(name) \(hex(v))")
            }
        }
        for tok in BLEUTokenizer.allCases {
            for lc in [false, true] {
                let r = BLEU(tokenizer: tok, lowercase: lc).sentenceScore(hypothesis: prediction, references: references)
                out.append("\(id) bleu.\(tok.rawValue)\(lc ? "-lc" : "") \(bleu(r))")
            }
        }
        for (name, m) in [("chrf", CHRF()), ("chrf-lc", CHRF(lowercase: true)), ("chrf++", CHRF.plusPlus),
                          ("chrf++-lc", CHRF(wordOrder: 2, lowercase: true))] {
            out.append("\(id) \(name) \(hex(m.sentenceScore(hypothesis: prediction, references: references)))")
        }
        out.append("\(id) squad \(hex(SQuAD.exactMatch(prediction: prediction, groundTruths: references))) "
                   + hex(SQuAD.f1(prediction: prediction, groundTruths: references)))
        return out
    }

    /// The three groups of lines, checked by separate tests so they run in parallel.
    enum Group: CaseIterable { case fixtureCases, corpus, digests }

    static func group(of line: String) -> Group {
        let fields = line.split(separator: " ", maxSplits: 2)
        if fields.count > 1 && fields[1] == "digest" { return .digests }
        return ["stem", "stemlist", "corpus", "scorefile", "scorefile-corpus"].contains(fields[0]) ? .corpus : .fixtureCases
    }

    static func lines(_ group: Group) -> [String] {
        var out: [String] = []
        let cases = Fixture.cases
        switch group {
        case .fixtureCases:
            for c in cases {
                out += caseLines(c["id"] as! String, c["prediction"] as! String, c["references"] as! [String])
            }
        case .corpus:
            let stemmer = PorterStemmer()
            for pair in Fixture.root["stems"] as! [[String]] {
                out.append("stem \(pair[0].unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ",")) "
                           + stemmer.stem(pair[0]).unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ","))
            }
            var byLetter: [Character: [String]] = [:]
            for w in GoldenCorpus.stemWords() { byLetter[w.first!, default: []].append("\(w)=\(stemmer.stem(w))") }
            for letter in byLetter.keys.sorted() {
                out.append("stemlist \(letter) \(byLetter[letter]!.count) "
                           + SHA256.hex(of: Array(byLetter[letter]!.joined(separator: " ").utf8)))
            }
            let hyps = cases.map { $0["prediction"] as! String }, refs = cases.map { $0["references"] as! [String] }
            for tok in BLEUTokenizer.allCases {
                for lc in [false, true] {
                    let r = BLEU(tokenizer: tok, lowercase: lc).corpusScore(hypotheses: hyps, references: refs)
                    out.append("corpus bleu.\(tok.rawValue)\(lc ? "-lc" : "") \(bleu(r))")
                }
            }
            for (name, m) in [("chrf", CHRF()), ("chrf-lc", CHRF(lowercase: true)), ("chrf++", CHRF.plusPlus)] {
                out.append("corpus \(name) \(hex(m.corpusScore(hypotheses: hyps, references: refs)))")
            }
            let lines = cases.map { ScoreLine(id: $0["id"] as! String, prediction: $0["prediction"] as! String,
                                              references: $0["references"] as! [String]) }
            let runs: [(String, QualityMetric, QualityOptions)] = [
                ("rouge", .rouge, .init()), ("rouge-stem", .rouge, .init(stem: true)), ("bleu", .bleu, .init()),
                ("bleu-zh-lc", .bleu, .init(tokenize: .zh, lowercase: true)), ("chrf", .chrf, .init()),
                ("chrf++", .chrfpp, .init()), ("squad", .squad, .init()),
            ]
            for (name, metric, options) in runs {
                let text = ScoreFile.score(lines, metric: metric, options: options)
                out.append("scorefile \(name) \(SHA256.hex(of: Array(text.joined(separator: "\n").utf8)))")
                out.append("scorefile-corpus \(name) \(text.last!)")
            }
        case .digests:
            for (id, task, p, r, lang) in GoldenCorpus.datasetPairs() {
                let s = TaskScorer.score(task: task, prediction: p, references: r, targetLanguage: lang)
                let text = s.map { "\($0.name.rawValue)=\(hex($0.value))" }.joined(separator: " ")
                out.append("\(id) digest \(SHA256.hex(of: Array(text.utf8)))")
            }
            for (id, p, r) in GoldenCorpus.randomPairs(count: 120) {
                let text = caseLines(id, p, r).joined(separator: "\n")
                out.append("\(id) digest \(SHA256.hex(of: Array(text.utf8)))")
            }
        }
        return out
    }
}

/// Texts beyond the fixture: the shipped datasets and seeded random texts.
enum GoldenCorpus {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets")

    static func objects(_ name: String) -> [[String: Any]] {
        let text = try! String(contentsOf: datasets.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Per shipped item: a near answer (the first sentences, or a reference with a word dropped) and a far one
    /// (the next item's reference), as a model's responses would be.
    static func datasetPairs() -> [(String, TaskKind, String, [String], String?)] {
        var out: [(String, TaskKind, String, [String], String?)] = []
        let sums = objects("summarization.jsonl")
        for (i, o) in sums.enumerated() {
            let doc = o["document"] as! String, ref = o["summary"] as! String
            let lead = doc.split(separator: ".", omittingEmptySubsequences: true).prefix(2).joined(separator: ".\n") + "."
            out.append(("ds-\(o["id"]!)-lead", .summarization, lead, [ref], nil))
            out.append(("ds-\(o["id"]!)-far", .summarization, sums[(i + 1) % sums.count]["summary"] as! String, [ref], nil))
        }
        let trs = objects("translation.jsonl")
        for (i, o) in trs.enumerated() {
            let refs = o["references"] as! [String]
            var words = refs[0].split(separator: " ")
            if words.count > 2 { words.remove(at: words.count / 2) }
            let lang = o["target_lang"] as? String
            out.append(("ds-\(o["id"]!)-near", .translation, words.joined(separator: " "), refs, lang))
            out.append(("ds-\(o["id"]!)-far", .translation, (trs[(i + 1) % trs.count]["references"] as! [String])[0], refs, lang))
        }
        for o in objects("qa.jsonl") {
            let answers = o["answers"] as! [String]
            out.append(("ds-\(o["id"]!)-near", .qa, "It was the \(answers[0]).", answers, nil))
            out.append(("ds-\(o["id"]!)-question", .qa, o["question"] as! String, answers, nil))
        }
        return out
    }

    /// Distinct lowercase `[a-z0-9]` runs of the shipped datasets and the fixture texts, plus every such word
    /// of more than three letters with each Porter suffix appended; sorted.
    static func stemWords() -> [String] {
        var texts: [String] = []
        for name in ["summarization.jsonl", "translation.jsonl", "qa.jsonl"] {
            for o in objects(name) { for v in o.values { if let s = v as? String { texts.append(s) } else if let a = v as? [String] { texts += a } } }
        }
        for c in Fixture.cases { texts.append(c["prediction"] as! String); texts += c["references"] as! [String] }
        var words = Set<String>()
        for t in texts {
            for w in t.lowercased().unicodeScalars.split(whereSeparator: { !("a"..."z").contains($0) && !("0"..."9").contains($0) }) {
                words.insert(String(String.UnicodeScalarView(w)))
            }
        }
        let suffixes = ["s", "es", "sses", "ies", "ied", "eed", "ed", "ing", "ly", "y", "e", "ll", "ational", "tional",
                        "enci", "anci", "izer", "bli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator",
                        "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "fulli", "logi", "icate",
                        "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able",
                        "ible", "ant", "ement", "ment", "ent", "ion", "sion", "tion", "ou", "ism", "ate", "iti", "ous",
                        "ive", "ize", "at", "bl", "iz", "ated", "ating", "bled", "izing", "hopping", "ss"]
        let bases = words.filter { $0.count > 3 && $0.allSatisfy(\.isLetter) }.sorted().prefix(400)
        for b in bases { for s in suffixes { words.insert(b + s) } }
        return words.sorted()
    }

    static let pieces: [String] = [
        "the", "The", "a", "an", "An", "cat", "cats", "running", "runs", "ran", "generously", "relational",
        "hopefulness", "skies", "dying", "news", "agreed", "conditional", "rational", "feudalism", "probate",
        "controlling", "sensibility", "hopping", "filing", "triplicate", "formality", "electrical", "adoption",
        "Mr.", "U.S.", "1,000", "3.14", "2026-12-01", "5-4", "-", "--", "&amp;", "&quot;", "<skipped>", "&lt;b&gt;",
        ",", ".", "!", "?", ";", ":", "'", "\"", "(", ")", "[", "]", "don't", "it's", "e-mail", "_x_",
        "café", "cafe\u{301}", "İstanbul", "ΣΑΣ", "ΟΔΟΣ", "Straße", "ǅ", "ﬁne", "K\u{212A}", "naïve",
        "猫", "垫子上", "。", "、", "「引用」", "日本語", "한국어", "中文。", "👨‍👩‍👧", "🙂", "€5", "±", "√2",
        "“quoted”", "—", "…", "\u{A0}", "\u{3000}", "\u{200B}", "\t", "\n", "\n\n", "  ",
    ]

    /// `count` seeded random cases with 1-3 references each, drawn from `pieces`.
    static func randomPairs(count: Int) -> [(String, String, [String])] {
        var rng = SplitMix64(seed: 17)
        func text() -> String {
            let n = rng.nextInt(below: 24)
            var s = ""
            for _ in 0..<n {
                s += pieces[rng.nextInt(below: pieces.count)]
                if rng.nextInt(below: 5) != 0 { s += " " }
            }
            return s
        }
        return (0..<count).map { k in
            let p = text()
            var refs = (0..<(1 + rng.nextInt(below: 3))).map { _ in text() }
            // Half the cases share most of their words with the first reference (shuffled by our own
            // Fisher-Yates: the standard library's shuffle is not promised to stay the same), so n-grams match.
            if k % 2 == 0 {
                var words = p.unicodeScalars.split(separator: " ").map { String(String.UnicodeScalarView($0)) }
                for i in stride(from: words.count - 1, to: 0, by: -1) { words.swapAt(i, rng.nextInt(below: i + 1)) }
                refs[0] = words.prefix(16).joined(separator: " ") + " " + refs[0]
            }
            return ("rand-\(k)", p, refs)
        }
    }
}
