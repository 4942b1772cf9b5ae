import Testing
import LLMBenchCore
@testable import Datasets

@Suite("Synthetic workload")
struct SyntheticWorkloadTests {
    @Test func parsesLengthsAndSpreads() throws {
        #expect(try SyntheticSpec.parse("input=512,output=128") == SyntheticSpec(inputTokens: 512, outputTokens: 128))
        #expect(try SyntheticSpec.parse("output=16, input=64 ,input_stddev=8.5,output_stddev=0")
                == SyntheticSpec(inputTokens: 64, outputTokens: 16, inputStddev: 8.5, outputStddev: 0))
    }

    @Test(arguments: [
        ("", "is not key=value"),
        ("input=512", "\"output\" is missing"),
        ("input=512,output=128,temperature=1", "unknown key \"temperature\""),
        ("input=512,input=5,output=1", "key \"input\" is given twice"),
        ("input=0,output=128", "\"input\" must be a whole number"),
        ("input=abc,output=128", "\"input\" must be a whole number"),
        ("input=512,output=12.5", "\"output\" must be a whole number"),
        ("input=512,output=128,input_stddev=-1", "\"input_stddev\" must be a number ≥ 0"),
        ("input=512,output", "\"output\" is not key=value"),
    ])
    func badSpecsAreUsageErrorsListingValidKeys(spec: String, fragment: String) {
        #expect {
            try SyntheticSpec.parse(spec)
        } throws: { error in
            guard let error = error as? LLMBenchError else { return false }
            return error.exitCode == .usage && error.message.contains(fragment)
                && error.message.contains("valid keys: input, output, input_stddev, output_stddev")
        }
    }

    @Test func fixedLengthsHitTheEstimateExactly() throws {
        let spec = SyntheticSpec(inputTokens: 512, outputTokens: 128)
        let work = try SyntheticWorkload.generate(spec, count: 5, seed: 1, tokenCount: TokenEstimate.tokens)
        #expect(work.count == 5)
        #expect(work.map(\.itemId) == ["syn-00001", "syn-00002", "syn-00003", "syn-00004", "syn-00005"])
        for item in work {
            #expect(item.task == .synthetic && item.dataset == "synthetic")
            #expect(item.estimatedInputTokens == 512)
            #expect(TokenEstimate.tokens(in: item.system) + TokenEstimate.tokens(in: item.user) == 512)
            #expect(item.maxOutputTokens == 128)
        }
        #expect(Set(work.map(\.user)).count == 5, "prompts differ, so no prefix cache serves them all")
    }

    @Test func tinyInputStillHasAUserMessage() throws {
        let work = try SyntheticWorkload.generate(SyntheticSpec(inputTokens: 1, outputTokens: 1), count: 1, seed: 0, tokenCount: TokenEstimate.tokens)
        #expect(TokenEstimate.tokens(in: work[0].user) == 1)
    }

    @Test func sameSeedSameRequests() throws {
        let spec = SyntheticSpec(inputTokens: 200, outputTokens: 50, inputStddev: 40, outputStddev: 10)
        let first = try SyntheticWorkload.generate(spec, count: 50, seed: 99, tokenCount: TokenEstimate.tokens)
        #expect(first == (try SyntheticWorkload.generate(spec, count: 50, seed: 99, tokenCount: TokenEstimate.tokens)))
        #expect(first != (try SyntheticWorkload.generate(spec, count: 50, seed: 100, tokenCount: TokenEstimate.tokens)))
    }

    @Test func spreadsVaryLengthsAroundTheMean() throws {
        let spec = SyntheticSpec(inputTokens: 300, outputTokens: 100, inputStddev: 30, outputStddev: 20)
        let work = try SyntheticWorkload.generate(spec, count: 400, seed: 5, tokenCount: TokenEstimate.tokens)
        let inputs = work.map(\.estimatedInputTokens)
        let outputs = work.map(\.maxOutputTokens)
        #expect(Set(inputs).count > 20 && Set(outputs).count > 20)
        let meanInput = Double(inputs.reduce(0, +)) / Double(inputs.count)
        let meanOutput = Double(outputs.reduce(0, +)) / Double(outputs.count)
        // Standard error of the mean is 30/20 = 1.5 and 20/20 = 1; allow a wide, deterministic margin.
        #expect(abs(meanInput - 300) < 10)
        #expect(abs(meanOutput - 100) < 8)
        #expect(outputs.allSatisfy { $0 >= 1 })
    }

    /// Whole words, counted by the injected tokenizer: the prompt is exactly the drawn length in its
    /// tokens, the shared prefix is the same words in every request, and a counter that disagrees with
    /// the word list is an error rather than a prompt of the wrong length.
    @Test func lengthsAreCountedByTheGivenTokenizerInWholeWords() throws {
        // A counter of its own: one token per space-separated word, two for the system message's 3 words.
        let words: (String) -> Int = { $0.split(separator: " ").count }
        let spec = SyntheticSpec(inputTokens: 300, outputTokens: 8, sharedPrefixTokens: 120)
        let work = try SyntheticWorkload.generate(spec, count: 4, seed: 3, tokenCount: words)
        let systemWords = words(SyntheticWorkload.system)
        for item in work {
            #expect(systemWords + words(item.user) == 300)
            #expect(item.user.split(separator: " ").allSatisfy { SyntheticWorkload.words.contains(String($0)) }, "whole words only")
            let (prefix, rest) = try #require(item.userSplitAtSharedPrefix)
            #expect(words(prefix) == 120 && rest.hasPrefix(" "))
        }
        #expect(Set(work.compactMap { $0.userSplitAtSharedPrefix?.prefix }).count == 1)
        #expect(Set(work.map(\.user)).count == 4)
        // With the byte estimate the same words are 4 bytes a token: the simulator's count agrees.
        let estimated = try SyntheticWorkload.generate(spec, count: 2, seed: 3, tokenCount: TokenEstimate.tokens)
        for item in estimated {
            #expect(TokenEstimate.tokens(in: item.system) + TokenEstimate.tokens(in: item.user) == 300)
            #expect(TokenEstimate.tokens(in: String(item.user.utf8.prefix(item.sharedPrefixBytes))!) == 120)
        }
        #expect {
            try SyntheticWorkload.generate(spec, count: 1, seed: 3, tokenCount: { $0.utf8.count })
        } throws: { ($0 as? LLMBenchError)?.message.contains("counts") == true }
    }

    @Test func zeroCountIsAUsageError() {
        #expect { try SyntheticWorkload.generate(SyntheticSpec(inputTokens: 1, outputTokens: 1), count: 0, seed: 0, tokenCount: TokenEstimate.tokens) }
            throws: { ($0 as? LLMBenchError)?.exitCode == .usage }
    }
}
