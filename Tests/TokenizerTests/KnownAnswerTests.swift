import Foundation
import Testing
@testable import Tokenizer

/// The fixture written by `scripts/tokenizer-fixtures.py` (tiktoken's `encode_ordinary` over our own texts).
struct KnownAnswers: Decodable {
    struct Case: Decodable {
        var name: String
        var text: String
        var o200k_base: [Int]
        var cl100k_base: [Int]
    }
    var tiktoken: String
    var cases: [Case]

    static func load() throws -> KnownAnswers {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/known-answers.json")
        return try JSONDecoder().decode(KnownAnswers.self, from: Data(contentsOf: url))
    }
}

/// The shipped ranks files, found from this file's place in the repository.
enum ShippedRanks {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/tokenizers").path
    }

    static func tokenizer(_ encoding: TokenEncoding) throws -> Tokenizer {
        try TokenizerCache.tokenizer(encoding, directory: directory)
    }
}

@Suite("Tokenizer: ids equal tiktoken's encode_ordinary")
struct TokenizerKnownAnswerTests {
    @Test("o200k_base on every fixture text")
    func o200k() throws {
        let tokenizer = try ShippedRanks.tokenizer(.o200kBase)
        for item in try KnownAnswers.load().cases {
            #expect(tokenizer.encode(item.text) == item.o200k_base, "\(item.name)")
            #expect(tokenizer.count(item.text) == item.o200k_base.count, "\(item.name)")
        }
    }

    @Test("cl100k_base on every fixture text")
    func cl100k() throws {
        let tokenizer = try ShippedRanks.tokenizer(.cl100kBase)
        for item in try KnownAnswers.load().cases {
            #expect(tokenizer.encode(item.text) == item.cl100k_base, "\(item.name)")
        }
    }

    @Test("decoding the fixture ids gives back the text")
    func decodes() throws {
        let o200k = try ShippedRanks.tokenizer(.o200kBase), cl100k = try ShippedRanks.tokenizer(.cl100kBase)
        for item in try KnownAnswers.load().cases {
            #expect(o200k.decodeBytes(item.o200k_base) == Array(item.text.utf8), "\(item.name)")
            #expect(cl100k.decodeBytes(item.cl100k_base) == Array(item.text.utf8), "\(item.name)")
        }
    }
}
