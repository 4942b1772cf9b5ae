import Foundation
import Testing
@testable import Quality

/// Answers worked out by hand or published in the references' own documentation.
@Suite("Known answers")
struct KnownAnswerTests {
    // sacrebleu README: corpus BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18),
    // chrF2 = 59.73.
    static let sys = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
    static let refs = [["The dog bit the man.", "The dog had bit the man."],
                       ["It was not unexpected.", "No one was surprised."],
                       ["The man bit him first.", "The man had bitten the dog."]]

    @Test func sacrebleuReadmeCorpusBLEU() {
        let r = BLEU().corpusScore(hypotheses: Self.sys, references: Self.refs)
        #expect(r.counts == [14, 7, 5, 3])
        #expect(r.totals == [17, 14, 11, 8])
        #expect(r.sysLen == 17 && r.refLen == 18)
        let byHand = 100 * exp(1 - 18.0 / 17.0) * exp((log(14.0 / 17) + log(7.0 / 14) + log(5.0 / 11) + log(3.0 / 8)) / 4)
        #expect(close(r.score, byHand))
        #expect((r.score * 100).rounded() / 100 == 48.53)
    }

    @Test func sacrebleuReadmeCorpusChrF() {
        let score = CHRF().corpusScore(hypotheses: Self.sys, references: Self.refs)
        #expect((score * 100).rounded() / 100 == 59.73)
    }

    @Test func identicalTextsScorePerfectly() {
        let t = "the cat sat on the mat"
        #expect(close(BLEU().sentenceScore(hypothesis: t, references: [t]).score, 100))  // 100.00000000000004, as sacrebleu
        #expect(close(CHRF().sentenceScore(hypothesis: t, references: [t]), 100))
        #expect(close(CHRF.plusPlus.sentenceScore(hypothesis: t, references: [t]), 100))
        let r = Rouge().score(target: t, prediction: t)
        #expect(r.rouge1.fmeasure == 1 && r.rouge2.fmeasure == 1 && r.rougeL.fmeasure == 1 && r.rougeLsum.fmeasure == 1)
        #expect(SQuAD.exactMatch(prediction: t, groundTruth: t) == 1 && SQuAD.f1(prediction: t, groundTruth: t) == 1)
    }

    @Test func emptyPredictionAndEmptyReference() {
        let t = "the cat sat on the mat"
        let b = BLEU().sentenceScore(hypothesis: "", references: [t])
        #expect(b.score == 0 && b.bp == 0 && b.sysLen == 0 && b.refLen == 6)
        #expect(BLEU().sentenceScore(hypothesis: t, references: [""]).score == 0)
        #expect(CHRF().sentenceScore(hypothesis: "", references: [t]) == 0)
        #expect(CHRF().sentenceScore(hypothesis: t, references: [""]) == 0)
        #expect(Rouge().score(target: t, prediction: "") == Rouge().score(target: "", prediction: t))
        #expect(Rouge().score(target: t, prediction: "").rougeL == RougeScore(precision: 0, recall: 0, fmeasure: 0))
        #expect(SQuAD.f1(prediction: "", groundTruth: t) == 0)
        #expect(SQuAD.exactMatch(prediction: "", groundTruth: "") == 1)
    }

    @Test func noOverlap() {
        let b = BLEU().sentenceScore(hypothesis: "alpha beta gamma", references: ["delta epsilon zeta"])
        #expect(b.score == 0 && b.counts == [0, 0, 0, 0] && b.precisions == [0, 0, 0, 0])
        #expect(Rouge().score(target: "delta epsilon", prediction: "alpha beta").rouge1.fmeasure == 0)
    }

    /// "the cat" against "the cat sat on the mat": effective order 2, both precisions 100, BP = e^(1 − 6/2).
    @Test func shortHypothesisBrevityPenalty() {
        let b = BLEU().sentenceScore(hypothesis: "the cat", references: ["the cat sat on the mat"])
        #expect(b.counts == [2, 1, 0, 0] && b.totals == [2, 1, 0, 0])
        #expect(close(b.bp, exp(-2.0)))
        #expect(close(b.score, 100 * exp(-2.0)))
        // Corpus BLEU has no effective order: the empty orders floor the score to 0.
        #expect(BLEU().corpusScore(hypotheses: ["the cat"], references: [["the cat sat on the mat"]]).score == 0)
    }

    /// Closest reference length, the shorter on ties: hyp 5 tokens, refs of 4 and 6 → 4.
    @Test func multiReferenceLengthTieTakesShorter() {
        let b = BLEU().sentenceScore(hypothesis: "a b c d e", references: ["a b c d", "a b c d e f"])
        #expect(b.refLen == 4 && b.bp == 1)
        #expect(b.counts == [5, 4, 3, 2])
    }

    /// rouge-score README: "The quick brown fox jumps over the lazy dog" vs "The quick brown dog jumps on the log."
    /// with stemming: ROUGE-1 P = 6/8, R = 6/9; ROUGE-L P = 5/8, R = 5/9.
    @Test func rougeScoreReadmeExample() {
        let s = Rouge(stem: true).score(target: "The quick brown fox jumps over the lazy dog",
                                        prediction: "The quick brown dog jumps on the log.")
        #expect(close(s.rouge1.precision, 0.75) && close(s.rouge1.recall, 6.0 / 9))
        #expect(close(s.rouge1.fmeasure, 2 * 0.75 * (6.0 / 9) / (0.75 + 6.0 / 9)))
        #expect(close(s.rougeL.precision, 5.0 / 8) && close(s.rougeL.recall, 5.0 / 9))
    }

    @Test func stemmingPairs() {
        let p = PorterStemmer()
        #expect(p.stem("running") == "run" && p.stem("runs") == "run" && p.stem("ran") == "ran")
        #expect(p.stem("generously") == "gener" && p.stem("generous") == "gener")
        #expect(p.stem("skies") == "sky" && p.stem("dying") == "die" && p.stem("news") == "news")
        #expect(p.stem("relational") == "relat" && p.stem("hopefulness") == "hope")
        // rouge-score leaves tokens of 3 characters or fewer alone: "ran" never meets "run".
        let tok = RougeTokenizer(stem: true)
        #expect(tok.tokenize("Running RUNS ran, generously!").map(\.string) == ["run", "run", "ran", "gener"])
        #expect(Rouge(stem: true).score(target: "runs", prediction: "running").rouge1.fmeasure == 1)
        #expect(Rouge(stem: false).score(target: "runs", prediction: "running").rouge1.fmeasure == 0)
    }

    @Test func squadArticleAndPunctuationOnlyAnswers() {
        #expect(SQuAD.normalize("The").isEmpty && SQuAD.normalize("?!...").isEmpty)
        #expect(SQuAD.exactMatch(prediction: "the", groundTruth: "a") == 1)
        #expect(SQuAD.f1(prediction: "the", groundTruth: "a") == 0)
        #expect(SQuAD.exactMatch(prediction: "?!", groundTruth: ".") == 1)
        #expect(SQuAD.normalize("The  Denver,   Broncos!").string == "denver broncos")
        #expect(SQuAD.normalize("theater an anthem").string == "theater anthem")
        // Curly quotes are not in string.punctuation: they stay.
        #expect(SQuAD.exactMatch(prediction: "“Paris”", groundTruth: "Paris") == 0)
        #expect(close(SQuAD.f1(prediction: "big red car", groundTruth: "red car"), 0.8))
    }

    @Test func cjkAndUnicode() {
        let zh = "猫坐在垫子上。"
        let b = BLEU(tokenizer: .zh).sentenceScore(hypothesis: zh, references: [zh])
        #expect(close(b.score, 100) && b.sysLen == 7)
        #expect(BLEU(tokenizer: .thirteenA).sentenceScore(hypothesis: zh, references: [zh]).sysLen == 1)
        #expect(BLEU(tokenizer: .char).sentenceScore(hypothesis: "猫 が", references: ["猫が"]).sysLen == 2)
        // NFC and NFD "é" are different code points to every reference, so they do not match.
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        #expect(nfc == nfd)  // Swift's String says equal...
        #expect(SQuAD.exactMatch(prediction: nfc, groundTruth: nfd) == 0)  // ...the references do not.
        #expect(BLEU().sentenceScore(hypothesis: nfc, references: [nfd]).score == 0)
        // A no-break space separates tokens as Python's str.split() does.
        #expect(close(BLEU().sentenceScore(hypothesis: "the\u{A0}cat", references: ["the cat"]).score, 100))
        // Emoji and zero-width joiners do not crash and count per code point.
        #expect(CHRF().sentenceScore(hypothesis: "👨‍👩‍👧", references: ["👨‍👩‍👧"]) > 99.999)
    }

    @Test func signatures() {
        #expect(BLEU().signature(referenceCounts: [1, 1], effectiveOrder: false)
                == "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")
        #expect(BLEU(tokenizer: .zh, lowercase: true).signature(referenceCounts: [1, 2], effectiveOrder: true)
                == "nrefs:var|case:lc|eff:yes|tok:zh|smooth:exp|version:2.6.0")
        #expect(CHRF.plusPlus.signature(referenceCounts: [2]) == "nrefs:2|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0")
    }
}
