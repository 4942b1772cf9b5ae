import Foundation
import LLMBenchCore
import Testing
@testable import Tokenizer

@Suite("Tokenizer: the ranks files are checked before use")
struct RanksLoadingTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "llmbench-ranks-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a missing file is exit 66 and names the file and where it ships")
    func missing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: LLMBenchError.self) { try TokenizerCache.load(.o200kBase, path: dir + "/o200k_base.tiktoken") }
        #expect(error?.exitCode == .noInput)
        #expect(error?.message.contains("o200k_base.tiktoken") == true)
        #expect(error?.message.contains("datasets/tokenizers") == true)
    }

    @Test("one changed byte is exit 65 naming both hashes")
    func corrupt() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ShippedRanks.directory + "/cl100k_base.tiktoken")))
        bytes[1000] ^= 1
        let path = dir + "/cl100k_base.tiktoken"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: LLMBenchError.self) { try TokenizerCache.load(.cl100kBase, path: path) }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message.contains(TokenEncoding.cl100kBase.sha256) == true)
    }

    @Test("the parser rejects bad lines with file and line")
    func parser() throws {
        #expect(try RanksFile.parse(Array("IQ== 0\nIg== 1\n".utf8), path: "t").offsets == [0, 1, 2])
        for (text, line) in [("IQ== 0\nIg== 2\n", 2), ("IQ==0\n", 1), ("I*== 0\n", 1), ("IQ== x\n", 1), (" 0\n", 1)] {
            let error = #expect(throws: LLMBenchError.self) { try RanksFile.parse(Array(text.utf8), path: "t") }
            #expect(error?.message.hasPrefix("t:\(line):") == true, "\(text.debugDescription)")
        }
    }

    @Test("loading is shared: the same tokenizer object every time")
    func shared() throws {
        #expect(try ShippedRanks.tokenizer(.o200kBase) === ShippedRanks.tokenizer(.o200kBase))
    }

    @Test("each model's own encoding, as tiktoken maps model names")
    func modelEncodings() {
        #expect(TokenEncoding.native(forModel: "gpt-4o-mini") == .o200kBase)
        #expect(TokenEncoding.native(forModel: "gpt-5.1") == .o200kBase)
        #expect(TokenEncoding.native(forModel: "o3-mini") == .o200kBase)
        #expect(TokenEncoding.native(forModel: "gpt-4-turbo") == .cl100kBase)
        #expect(TokenEncoding.native(forModel: "gpt-3.5-turbo") == .cl100kBase)
        #expect(TokenEncoding.native(forModel: "ft:gpt-4o:org::id") == .o200kBase)
        #expect(TokenEncoding.native(forModel: "claude-sonnet-4-5") == nil)
        #expect(TokenEncoding.native(forModel: "gemini-2.5-flash") == nil)
    }
}
