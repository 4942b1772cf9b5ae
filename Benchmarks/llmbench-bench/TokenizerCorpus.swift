import Foundation
import LLMBenchCore

/// The tokenizer benchmark's corpus, built the same way by `Benchmarks/tokenizer-tiktoken.py`.
///
/// One round = every fixture text of `Tests/TokenizerTests/Fixtures/texts.json` (in file order) 16 times,
/// then every line of `qa.jsonl`, `summarization.jsonl`, `translation.jsonl` from the data directory; rounds
/// repeat until the corpus holds at least `minimumBytes` bytes of UTF-8.
struct TokenizerCorpus {
    static let minimumBytes = 8_000_000
    static let fixtureRepeats = 16

    var lines: [String]
    var bytes: Int
    var nonASCIIBytes: Int
    /// SHA-256 of the items joined with `\n`, to check that both sides measured the same text.
    var sha256: String

    static func build(dataDirectory: String) throws -> TokenizerCorpus {
        let root = (dataDirectory as NSString).deletingLastPathComponent
        let fixtures = (root as NSString).appendingPathComponent("Tests/TokenizerTests/Fixtures/texts.json")
        guard let fixtureData = FileManager.default.contents(atPath: fixtures),
              let array = try JSONSerialization.jsonObject(with: fixtureData) as? [[String: Any]] else {
            throw LLMBenchError.noInput("\(fixtures): cannot read the fixture texts (run the bench from the repository)")
        }
        var round: [String] = []
        let texts = array.compactMap { $0["text"] as? String }
        for _ in 0..<fixtureRepeats { round += texts }
        for name in ["qa.jsonl", "summarization.jsonl", "translation.jsonl"] {
            let path = (dataDirectory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { throw LLMBenchError.noInput("\(path): cannot read") }
            round += String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
        let roundBytes = round.reduce(0) { $0 + $1.utf8.count }
        var lines: [String] = []
        var total = 0
        while total < minimumBytes { lines += round; total += roundBytes }
        let nonASCII = lines.reduce(0) { sum, line in sum + line.utf8.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) } }
        return TokenizerCorpus(lines: lines, bytes: total, nonASCIIBytes: nonASCII,
                               sha256: SHA256.hex(of: lines.joined(separator: "\n")))
    }
}
