import LLMBenchCore
import Foundation
import Testing
@testable import Simulator

@Suite struct RandomTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        var r = SplitMix64(seed: 0)
        // Reference outputs of SplitMix64 seeded with 0.
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func lognormalMedianIsTheConfiguredMedian() {
        var r = SplitMix64(seed: 99)
        let draws = (0..<20_001).map { _ in r.nextLogNormal(median: 100, sigma: 0.5) }.sorted()
        #expect(abs(draws[10_000] - 100) < 3)
        #expect(draws.allSatisfy { $0 > 0 })
    }

    @Test func unitDrawsStayInRange() {
        var r = SplitMix64(seed: 1)
        let u = (0..<10_000).map { _ in r.nextUnitDouble() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 10_000 - 0.5) < 0.02)
    }

    @Test func ttftNeverBelowTheMinimum() {
        var r = SplitMix64(seed: 3)
        let p = LatencyProfile(name: "t", ttftMedianNs: 100, ttftSigma: 2, minTTFTNs: 80, interTokenMedianNs: 1)
        #expect((0..<1000).allSatisfy { _ in p.sampleTTFT(promptTokens: 0, rng: &r) >= 80 })
    }
}

@Suite struct FaultConfigTests {
    @Test func parsesRates() throws {
        let c = try FaultConfig.parse("http_429=0.1, truncate=0.05,slow_first_byte=0")
        #expect(c.rates[.http429] == 0.1 && c.rates[.truncate] == 0.05 && c.rates[.slowFirstByte] == 0)
        #expect(try FaultConfig.parse("").rates.isEmpty)
    }

    @Test func rejectsBadSpecsListingValidKinds() {
        for bad in ["nope=0.1", "http_429", "http_429=2", "http_429=x", "http_429=0.7,http_500=0.7"] {
            #expect(throws: FaultConfigError.self) { try FaultConfig.parse(bad) }
        }
        do { _ = try FaultConfig.parse("nope=0.1") } catch {
            #expect("\(error)".contains("http_429") && "\(error)".contains("slow_first_byte"))
        }
    }

    @Test func pickLaysKindsEndToEnd() throws {
        let c = try FaultConfig.parse("http_429=0.1,http_500=0.2")
        #expect(c.pick(unit: 0.05) == .http429)
        #expect(c.pick(unit: 0.15) == .http500)
        #expect(c.pick(unit: 0.35) == nil)
    }
}

@Suite struct HeuristicTests {
    @Test func summaryIsTheLeadingSentences() {
        let doc = "First fact here. Second one follows! Third? Fourth."
        #expect(TextHeuristics.summary(of: doc, sentences: 1) == "First fact here.")
        #expect(TextHeuristics.summary(of: doc, sentences: 2) == "First fact here. Second one follows!")
    }

    @Test func qaPicksTheOverlappingSentenceAndItsNewWords() {
        guard case .qa(let context, let question) = PromptTask.detect(user: qaPrompt) else {
            Issue.record("not detected as QA"); return
        }
        #expect(TextHeuristics.answer(context: context, question: question) == "Paris")
        #expect(TextHeuristics.answer(context: "The bridge was built in 1890 by local masons.", question: "When was the bridge built?") == "1890")
    }

    @Test func taskDetection() {
        #expect(PromptTask.detect(user: summaryPrompt) == .summarization(document: "The river flooded the old town in spring. Many shops closed for weeks. Volunteers cleaned the streets."))
        #expect(PromptTask.detect(user: "Translate the following text from English to French.\n\nText:\nHello there.") == .translation(text: "Hello there."))
        #expect(PromptTask.detect(user: "hello") == .freeText)
    }

    @Test func tokenPiecesRoundTrip() {
        for text in ["The cat sat.", "  leading", "supercalifragilistic word", "日本語のテキストです", "a\nb  c ", "emoji 👩‍👩‍👧 ok"] {
            let pieces = TokenPieces.split(text)
            #expect(pieces.joined() == text)
            #expect(pieces.allSatisfy { !$0.isEmpty })
        }
        #expect(TokenPieces.split("The cat sat.") == ["The", " cat", " sat."])
    }

    @Test func degradationDiffersByProfileButIsDeterministic() {
        func answer(_ p: LatencyProfile) -> String {
            Generator.generate(ChatPrompt(model: p.name, system: "", messages: [summaryPrompt], lastUser: summaryPrompt, maxTokens: nil, stream: false, includeUsage: false, systemCacheControl: false),
                               profile: p, seed: 1, timeScale: 1, cache: .none).text
        }
        let instant = LatencyProfile.builtIn.first { $0.name == "instant" }!
        #expect(answer(instant) == "The river flooded the old town in spring. Many shops closed for weeks.")
        for p in LatencyProfile.builtIn { #expect(answer(p) == answer(p)) }
    }

    @Test func jsonQuoting() throws {
        let s = "a\"b\\c\nd\u{01}é😀"
        let data = Data("[\(JSON.quote(s))]".utf8)
        #expect((try JSONSerialization.jsonObject(with: data) as? [String])?.first == s)
    }

    @Test func profileResolution() {
        let t = ProfileTable(LatencyProfile.builtIn)
        #expect(t.resolve("gpt-4o-mini-2024-07-18")?.name == "gpt-4o-mini")
        #expect(t.resolve("gpt-4o-2024-08-06")?.name == "gpt-4o")
        #expect(t.resolve("claude-3-5-haiku-20241022")?.name == "claude-3.5-haiku")
        #expect(t.resolve("gpt-4")?.name == nil)
    }
}

@Suite struct RequestJSONTests {
    @Test func integersAndBoolsAreToldApart() throws {
        let o = try #require(RequestJSON.object(Array(#"{"t":true,"i":5,"f":5.0,"h":5.5,"s":"5","z":0}"#.utf8)))
        #expect(RequestJSON.int(o["t"]) == nil)
        #expect(RequestJSON.int(o["i"]) == 5 && RequestJSON.int(o["f"]) == 5 && RequestJSON.int(o["z"]) == 0)
        #expect(RequestJSON.int(o["h"]) == nil && RequestJSON.int(o["s"]) == nil)
        #expect(RequestJSON.bool(o["t"]) == true && RequestJSON.bool(o["z"]) == nil && RequestJSON.bool(o["i"]) == nil)
    }
}
