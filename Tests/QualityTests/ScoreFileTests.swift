import Foundation
import LLMBenchCore
import Testing
@testable import Quality

@Suite("llmbench score engine")
struct ScoreFileTests {
    func jsonl(_ cases: [[String: Any]]) -> String {
        cases.map { c in
            JSONOut.object([("id", .string(c["id"] as! String)), ("prediction", .string(c["prediction"] as! String)),
                            ("references", .array((c["references"] as! [String]).map { .string($0) }))]).text
        }.joined(separator: "\n") + "\n"
    }

    func objects(_ lines: [String]) -> [[String: Any]] {
        lines.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func badLinesNameFileLineAndField() {
        let cases: [(String, String)] = [
            ("{\"id\": \"1\", \"references\": [\"x\"]}", "f.jsonl:2: field \"prediction\" is missing (expected a string)"),
            ("{\"id\": \"1\", \"prediction\": 3, \"references\": [\"x\"]}", "f.jsonl:2: field \"prediction\" is not a string (expected a string)"),
            ("{\"prediction\": \"p\", \"references\": [\"x\"]}", "f.jsonl:2: field \"id\" is missing (expected a string)"),
            ("{\"id\": \"1\", \"prediction\": \"p\"}", "f.jsonl:2: field \"references\" is missing (expected an array of strings)"),
            ("{\"id\": \"1\", \"prediction\": \"p\", \"references\": \"x\"}", "f.jsonl:2: field \"references\" is not an array of strings (expected an array of strings)"),
            ("{\"id\": \"1\", \"prediction\": \"p\", \"references\": []}", "f.jsonl:2: field \"references\" is empty (expected at least one reference)"),
            ("[1, 2]", "f.jsonl:2: expected a JSON object with \"id\", \"prediction\" and \"references\""),
            ("{nope", "f.jsonl:2: not valid JSON (expected an object with \"id\", \"prediction\" and \"references\")"),
        ]
        let good = "{\"id\": \"0\", \"prediction\": \"a\", \"references\": [\"a\"]}"
        for (bad, message) in cases {
            #expect(throws: LLMBenchError.self) { try ScoreFile.parse(good + "\n" + bad + "\n", path: "f.jsonl") }
            do {
                _ = try ScoreFile.parse(good + "\n" + bad + "\n", path: "f.jsonl")
            } catch {
                #expect(error.message == message)
                #expect(error.exitCode == .dataError)
            }
        }
        #expect(throws: LLMBenchError.self) { try ScoreFile.parse("\n  \n", path: "empty.jsonl") }
    }

    @Test func blankLinesAndCRLFAreAccepted() throws {
        let lines = try ScoreFile.parse("\r\n{\"id\": \"a\", \"prediction\": \"x\", \"references\": [\"y\", \"z\"]}\r\n\n", path: "f")
        #expect(lines == [ScoreLine(id: "a", prediction: "x", references: ["y", "z"])])
    }

    /// Every fixture case goes through the JSONL parser and writer and must still agree with the references
    /// (this is where NFD text, no-break spaces and emoji would be damaged if they were).
    @Test func fixtureRoundTripAgreesWithReferences() throws {
        let cases = Fixture.cases
        let lines = try ScoreFile.parse(jsonl(cases), path: "fixtures.jsonl")
        #expect(lines.count == cases.count)
        for (l, c) in zip(lines, cases) {
            #expect(l.prediction.unicodeScalars.elementsEqual((c["prediction"] as! String).unicodeScalars))
        }

        let bleu = objects(ScoreFile.score(lines, metric: .bleu))
        #expect(bleu.count == cases.count + 1)
        for (o, c) in zip(bleu, cases) {
            let want = (c["bleu"] as! [String: [String: Any]])["13a"]!
            #expect(o["id"] as? String == c["id"] as? String)
            #expect(close(double(o["bleu"]), double(want["score"])), "\(c["id"]!)")
            #expect(ints(o["counts"]) == ints(want["counts"]) && ints(o["totals"]) == ints(want["totals"]))
            #expect((o["sys_len"] as! NSNumber).intValue == (want["sys_len"] as! NSNumber).intValue)
        }
        let corpus = bleu.last!["corpus"] as! [String: Any]
        let wantCorpus = (Fixture.corpus["bleu"] as! [String: [String: Any]])["13a"]!
        #expect(close(double(corpus["bleu"]), double(wantCorpus["score"])))
        #expect(corpus["signature"] as? String == (Fixture.corpus["signatures"] as! [String: String])["bleu-13a"])

        let rouge = objects(ScoreFile.score(lines, metric: .rouge, options: QualityOptions(stem: true)))
        var meanF = 0.0
        for (o, c) in zip(rouge, cases) {
            let want = doubles((c["rouge"] as! [String: [String: Any]])["stem"]!["rougeLsum"])
            let got = o["rougeLsum"] as! [String: Any]
            #expect(close(double(got["precision"]), want[0]) && close(double(got["recall"]), want[1]) && close(double(got["fmeasure"]), want[2]))
            meanF += want[2]
        }
        let rc = (rouge.last!["corpus"] as! [String: Any])["rougeLsum"] as! [String: Any]
        #expect(close(double(rc["fmeasure"]), meanF / Double(cases.count)))

        let squad = objects(ScoreFile.score(lines, metric: .squad))
        var em = 0.0
        for (o, c) in zip(squad, cases) {
            let want = c["squad"] as! [String: Any]
            #expect(double(o["exact_match"]) == 100 * double(want["exact_match"]))
            #expect(close(double(o["f1"]), 100 * double(want["f1"])))
            em += double(want["exact_match"])
        }
        #expect(close(double((squad.last!["corpus"] as! [String: Any])["exact_match"]), 100 * em / Double(cases.count)))

        let chrfpp = objects(ScoreFile.score(lines, metric: .chrfpp))
        for (o, c) in zip(chrfpp, cases) { #expect(close(double(o["chrf"]), double(c["chrfpp"]))) }
        #expect(close(double((chrfpp.last!["corpus"] as! [String: Any])["chrf"]), double(Fixture.corpus["chrfpp"])))
    }

    @Test func outputLineShapes() throws {
        let lines = [ScoreLine(id: "q\"1", prediction: "the cat", references: ["the cat sat"])]
        let bleu = ScoreFile.score(lines, metric: .bleu)
        #expect(bleu[0].hasPrefix("{\"id\": \"q\\\"1\", \"bleu\": "))
        #expect(bleu[0].contains("\"counts\": [2, 1, 0, 0], \"totals\": [2, 1, 0, 0]"))
        #expect(bleu[1].hasPrefix("{\"corpus\": {\"bleu\": 0.0,"))
        #expect(bleu[1].hasSuffix("\"signature\": \"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0\"}}"))
        #expect(ScoreFile.score(lines, metric: .squad)[0] == "{\"id\": \"q\\\"1\", \"exact_match\": 0.0, \"f1\": 66.66666666666666}")  // "cat" vs "cat sat": P 1, R 1/2
        let rouge = ScoreFile.score(lines, metric: .rouge)
        #expect(rouge[0].contains("\"rouge1\": {\"precision\": 1.0, \"recall\": 0.6666666666666666, \"fmeasure\": 0.8}"))
    }

    @Test func optionsThatDoNotApplyAreUsageErrors() {
        #expect(throws: LLMBenchError.self) { try QualityOptions(stem: true).validate(for: .bleu) }
        #expect(throws: LLMBenchError.self) { try QualityOptions(tokenize: .zh).validate(for: .chrf) }
        #expect(throws: LLMBenchError.self) { try QualityOptions(lowercase: true).validate(for: .squad) }
        #expect(throws: Never.self) { try QualityOptions(tokenize: .intl, lowercase: true).validate(for: .bleu) }
        #expect(QualityMetric(rawValue: "chrf++") == .chrfpp)
    }
}

@Suite("Per-request task scores")
struct TaskScorerTests {
    @Test func namesPerTask() {
        #expect(TaskScorer.metricNames(for: .summarization).map(\.rawValue) == ["rouge1", "rouge2", "rougeL", "rougeLsum"])
        #expect(TaskScorer.metricNames(for: .translation).map(\.rawValue) == ["bleu", "chrf"])
        #expect(TaskScorer.metricNames(for: .qa).map(\.rawValue) == ["exact_match", "f1"])
        #expect(TaskScorer.metricNames(for: .synthetic).isEmpty)
    }

    @Test func scoresMatchTheMetrics() {
        let s = TaskScorer.score(task: .summarization, prediction: "The cats were running.", references: ["A cat runs."])
        let rouge = Rouge(stem: true).score(targets: ["A cat runs."], prediction: "The cats were running.")
        #expect(s.map(\.name) == TaskScorer.metricNames(for: .summarization))
        #expect(s[2].value == rouge.rougeL.fmeasure && s[2].value > 0)

        let qa = TaskScorer.score(task: .qa, prediction: "The Eiffel Tower.", references: ["Eiffel Tower", "tower"])
        #expect(qa == [TaskScore(name: .exactMatch, value: 100), TaskScore(name: .f1, value: 100)])

        let zh = "今天天气很好。"
        let t = TaskScorer.score(task: .translation, prediction: zh, references: [zh], targetLanguage: "zh")
        #expect(t.map(\.name) == [.bleu, .chrf] && close(t[0].value, 100) && close(t[1].value, 100))
        #expect(TaskScorer.bleuTokenizer(forTargetLanguage: "ja") == .char)
        #expect(TaskScorer.bleuTokenizer(forTargetLanguage: "de") == .thirteenA)
        // Case-insensitive on the two-letter code, 13a for anything else.
        let cases: [(String?, BLEUTokenizer)] = [("ZH", .zh), ("zH", .zh), ("Ko", .char), ("JA", .char), (nil, .thirteenA),
                                                 ("", .thirteenA), ("zho", .thirteenA), ("z", .thirteenA), ("jz", .thirteenA),
                                                 ("zh-Hant", .thirteenA), ("fr", .thirteenA)]
        for (code, tokenizer) in cases { #expect(TaskScorer.bleuTokenizer(forTargetLanguage: code) == tokenizer, "\(code ?? "nil")") }
        #expect(TaskScorer.score(task: .qa, prediction: "x", references: []).isEmpty)
    }
}
