import Foundation
import Testing
@testable import Quality

/// Loads Fixtures/reference-outputs.json, written by Fixtures/generate.py from sacrebleu, rouge-score and NLTK.
enum Fixture {
    /// The committed fixture, or the file named by `QUALITY_FIXTURES` (a hand check with `generate.py --fuzz`).
    static let url = ProcessInfo.processInfo.environment["QUALITY_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference-outputs.json")

    nonisolated(unsafe) static let root: [String: Any] = {
        let data = try! Data(contentsOf: url)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static var cases: [[String: Any]] { root["cases"] as! [[String: Any]] }
    static var corpus: [String: Any] { root["corpus"] as! [String: Any] }
}

/// |a − b| ≤ 1e-9.
func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 }

func doubles(_ any: Any?) -> [Double] { (any as! [Any]).map { ($0 as! NSNumber).doubleValue } }
func ints(_ any: Any?) -> [Int] { (any as! [Any]).map { ($0 as! NSNumber).intValue } }
func double(_ any: Any?) -> Double { (any as! NSNumber).doubleValue }

func expectBLEU(_ r: BLEUResult, _ want: [String: Any], _ label: String) {
    #expect(r.counts == ints(want["counts"]), "\(label) counts")
    #expect(r.totals == ints(want["totals"]), "\(label) totals")
    #expect(r.sysLen == (want["sys_len"] as! NSNumber).intValue, "\(label) sys_len")
    #expect(r.refLen == (want["ref_len"] as! NSNumber).intValue, "\(label) ref_len")
    #expect(close(r.bp, double(want["bp"])), "\(label) bp \(r.bp)")
    #expect(zip(r.precisions, doubles(want["precisions"])).allSatisfy { close($0, $1) }, "\(label) precisions \(r.precisions)")
    #expect(close(r.score, double(want["score"])), "\(label) score \(r.score) want \(double(want["score"]))")
}

@Suite("Agreement with the reference implementations (fixtures)")
struct ReferenceFixtureTests {
    @Test func fixtureHasCasesAndVersions() {
        #expect(Fixture.cases.count >= 190)
        let v = Fixture.root["versions"] as! [String: String]
        #expect(v["sacrebleu"] == Signature.sacrebleuVersion)
    }

    @Test func porterStemsMatchNLTK() {
        let s = PorterStemmer()
        var bad: [String] = []
        for pair in Fixture.root["stems"] as! [[String]] where s.stem(pair[0]).scalars != pair[1].scalars {
            bad.append("\(pair[0]) -> \(s.stem(pair[0])) (NLTK \(pair[1]))")
        }
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func rougeMatchesRougeScore() {
        for c in Fixture.cases {
            let id = c["id"] as! String, hyp = c["prediction"] as! String, refs = c["references"] as! [String]
            let want = c["rouge"] as! [String: [String: Any]]
            for (key, stem) in [("nostem", false), ("stem", true)] {
                let got = Rouge(stem: stem).score(targets: refs, prediction: hyp)
                let pairs: [(String, RougeScore)] = [("rouge1", got.rouge1), ("rouge2", got.rouge2),
                                                     ("rougeL", got.rougeL), ("rougeLsum", got.rougeLsum)]
                for (name, score) in pairs {
                    let w = doubles(want[key]![name])
                    #expect(close(score.precision, w[0]) && close(score.recall, w[1]) && close(score.fmeasure, w[2]),
                            "\(id) \(key) \(name): \(score) want \(w)")
                }
            }
        }
    }

    @Test func sentenceBLEUMatchesSacrebleu() {
        for c in Fixture.cases {
            let id = c["id"] as! String, hyp = c["prediction"] as! String, refs = c["references"] as! [String]
            let want = c["bleu"] as! [String: [String: Any]]
            for tok in BLEUTokenizer.allCases {
                for lc in [false, true] {
                    let key = tok.rawValue + (lc ? "-lc" : "")
                    let r = BLEU(tokenizer: tok, lowercase: lc).sentenceScore(hypothesis: hyp, references: refs)
                    expectBLEU(r, want[key]!, "\(id) \(key)")
                }
            }
        }
    }

    @Test func sentenceChrFMatchesSacrebleu() {
        for c in Fixture.cases {
            let id = c["id"] as! String, hyp = c["prediction"] as! String, refs = c["references"] as! [String]
            let chrf = CHRF().sentenceScore(hypothesis: hyp, references: refs)
            let lc = CHRF(lowercase: true).sentenceScore(hypothesis: hyp, references: refs)
            let pp = CHRF.plusPlus.sentenceScore(hypothesis: hyp, references: refs)
            #expect(close(chrf, double(c["chrf"])), "\(id) chrF \(chrf) want \(double(c["chrf"]))")
            #expect(close(lc, double(c["chrf_lc"])), "\(id) chrF lc \(lc)")
            #expect(close(pp, double(c["chrfpp"])), "\(id) chrF++ \(pp) want \(double(c["chrfpp"]))")
        }
    }

    @Test func squadMatchesOfficialDefinition() {
        for c in Fixture.cases {
            let id = c["id"] as! String, hyp = c["prediction"] as! String, refs = c["references"] as! [String]
            let want = c["squad"] as! [String: Any]
            #expect(SQuAD.exactMatch(prediction: hyp, groundTruths: refs) == double(want["exact_match"]), "\(id) EM")
            #expect(close(SQuAD.f1(prediction: hyp, groundTruths: refs), double(want["f1"])), "\(id) F1")
        }
    }

    @Test func corpusScoresAndSignaturesMatchSacrebleu() {
        let hyps = Fixture.cases.map { $0["prediction"] as! String }
        let refs = Fixture.cases.map { $0["references"] as! [String] }
        let counts = refs.map(\.count)
        let want = Fixture.corpus
        let bleus = want["bleu"] as! [String: [String: Any]]
        let sigs = want["signatures"] as! [String: String]
        for tok in BLEUTokenizer.allCases {
            let m = BLEU(tokenizer: tok)
            expectBLEU(m.corpusScore(hypotheses: hyps, references: refs), bleus[tok.rawValue]!, "corpus \(tok)")
            #expect(m.signature(referenceCounts: counts, effectiveOrder: false) == sigs["bleu-" + tok.rawValue])
        }
        let lc = BLEU(lowercase: true)
        expectBLEU(lc.corpusScore(hypotheses: hyps, references: refs), bleus["13a-lc"]!, "corpus 13a-lc")
        #expect(lc.signature(referenceCounts: counts, effectiveOrder: false) == sigs["bleu-13a-lc"])
        #expect(BLEU().signature(referenceCounts: [1], effectiveOrder: true) == sigs["bleu-sentence-1ref"])
        for (name, m) in [("chrf", CHRF()), ("chrfpp", CHRF.plusPlus), ("chrf_lc", CHRF(lowercase: true))] {
            let got = m.corpusScore(hypotheses: hyps, references: refs)
            #expect(close(got, double(want[name])), "corpus \(name) \(got)")
            #expect(m.signature(referenceCounts: counts) == sigs[name])
        }
    }
}
