import Foundation
import Testing

/// `llmbench score` on files we write, with answers published by the references (sacrebleu's and
/// rouge-score's READMEs) or worked out by hand.
@Suite struct ScoreEndToEndTests {
    static func lines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func write(_ text: String) throws -> String {
        let url = try makeTempDir().appendingPathComponent("in.jsonl")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func line(_ id: String, _ prediction: String, _ refs: [String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "prediction": prediction, "references": refs],
                                                    options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func bleuCorpusMatchesSacrebleuReadme() throws {
        let file = try Self.write([
            try Self.line("1", "The dog bit the man.", ["The dog bit the man.", "The dog had bit the man."]),
            try Self.line("2", "It wasn't surprising.", ["It was not unexpected.", "No one was surprised."]),
            try Self.line("3", "The man had just bitten him.", ["The man bit him first.", "The man had bitten the dog."]),
        ].joined(separator: "\n") + "\n")
        let r = try Binary.run(["score", "--metric", "bleu", "--tokenize", "13a", file])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Self.lines(r.stdout)
        #expect(out.count == 4)
        #expect(out[0]["id"] as? String == "1")
        let corpus = try #require(out[3]["corpus"] as? [String: Any])
        #expect(corpus["counts"] as? [Int] == [14, 7, 5, 3])
        #expect(corpus["totals"] as? [Int] == [17, 14, 11, 8])
        let byHand = 100 * exp(1 - 18.0 / 17.0) * exp((log(14.0 / 17) + log(7.0 / 14) + log(5.0 / 11) + log(3.0 / 8)) / 4)
        #expect(abs((corpus["bleu"] as? Double ?? 0) - byHand) < 1e-9)
        #expect((corpus["signature"] as? String)?.contains("tok:13a") == true)
    }

    @Test func rougeWithStemmingMatchesRougeScoreReadme() throws {
        let file = try Self.write(try Self.line("q", "The quick brown dog jumps on the log.",
                                                ["The quick brown fox jumps over the lazy dog"]) + "\n")
        let r = try Binary.run(["score", "--metric", "rouge", "--stem", file])
        #expect(r.status == 0, "\(r.stderr)")
        let first = try Self.lines(r.stdout)[0]
        let r1 = try #require(first["rouge1"] as? [String: Double])
        let rL = try #require(first["rougeL"] as? [String: Double])
        #expect(abs(r1["precision"]! - 0.75) < 1e-9 && abs(r1["recall"]! - 6.0 / 9) < 1e-9)
        #expect(abs(rL["precision"]! - 5.0 / 8) < 1e-9 && abs(rL["recall"]! - 5.0 / 9) < 1e-9)
    }

    @Test func squadFromStdin() throws {
        // "The Cat!" normalises to "cat" (exact); "a cat sat" vs "the cat" → F1 = 2·(1/2·1)/(1/2+1) = 2/3.
        let input = try Self.line("a", "The Cat!", ["cat"]) + "\n" + (try Self.line("b", "a cat sat", ["the cat"])) + "\n"
        let r = try Binary.run(["score", "--metric", "squad", "-"], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Self.lines(r.stdout)
        #expect(out[0]["exact_match"] as? Double == 100 && out[0]["f1"] as? Double == 100)
        #expect(out[1]["exact_match"] as? Double == 0)
        #expect(abs((out[1]["f1"] as? Double ?? 0) - 200.0 / 3) < 1e-9)
        let corpus = try #require(out[2]["corpus"] as? [String: Any])
        #expect(corpus["exact_match"] as? Double == 50)
    }

    @Test func badLineIs65WithFileLineAndField() throws {
        let file = try Self.write(try Self.line("ok", "x", ["x"]) + "\n{\"id\": \"b\", \"references\": [\"y\"]}\n")
        let r = try Binary.run(["score", "--metric", "squad", file])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(file):2: field \"prediction\" is missing"))
        #expect(r.stdout.isEmpty)
    }

    @Test func missingFileIs66AndBadFlagsAre64() throws {
        let missing = try makeTempDir().appendingPathComponent("nope.jsonl").path
        #expect(try Binary.run(["score", "--metric", "bleu", missing]).status == 66)
        let file = try Self.write(try Self.line("a", "x", ["x"]) + "\n")
        #expect(try Binary.run(["score", "--metric", "rouge", "--tokenize", "intl", file]).status == 64)
        #expect(try Binary.run(["score", "--metric", "squad", "--stem", file]).status == 64)
        #expect(try Binary.run(["score", "--metric", "bleurt", file]).status == 64)
        #expect(try Binary.run(["score", file]).status == 64)
    }

    @Test func outWritesTheFile() throws {
        let dir = try makeTempDir()
        let file = try Self.write(try Self.line("a", "same text", ["same text"]) + "\n")
        let out = dir.appendingPathComponent("scores.jsonl").path
        let r = try Binary.run(["score", "--metric", "chrf", file, "--out", out])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("{\"id\": \"a\", \"chrf\": 100.0}\n"))
    }
}
