import Testing
import LLMBenchCore
@testable import Datasets

@Suite("Prompt templates")
struct PromptTemplateTests {
    @Test func summarization() throws {
        let item = DatasetItem(id: "s1", task: .summarization, text: "The cat sat.", references: ["A cat sat."])
        let work = try PromptTemplate.render(item, dataset: "summarization")
        #expect(work.system == "You are a careful editor. Summarize documents accurately and briefly.")
        #expect(work.user == "Summarize the following document.\n\nDocument:\nThe cat sat.")
        #expect(work.maxOutputTokens == 160)
        #expect(work.dataset == "summarization" && work.itemId == "s1" && work.task == .summarization)
        #expect(work.estimatedInputTokens == TokenEstimate.tokens(in: work.system) + TokenEstimate.tokens(in: work.user))
    }

    @Test func qa() throws {
        let item = DatasetItem(id: "q1", task: .qa, text: "Paris is in France.", question: "Where is Paris?",
                               references: ["France"])
        let work = try PromptTemplate.render(item, dataset: "mine")
        #expect(work.system == "Answer from the context only. Reply with the shortest exact span from the context that answers the question, and nothing else.")
        #expect(work.user == "Context:\nParis is in France.\n\nQuestion: Where is Paris?\nAnswer:")
        #expect(work.maxOutputTokens == 32)
        #expect(work.dataset == "mine")
    }

    @Test func translation() throws {
        let item = DatasetItem(id: "t1", task: .translation, text: "Good morning.", sourceLanguage: "en",
                               targetLanguage: "ja", references: ["おはようございます。"])
        let work = try PromptTemplate.render(item, dataset: "translation")
        #expect(work.system == "You are a professional translator. Reply with the translation only.")
        #expect(work.user == "Translate the following text from English to Japanese.\n\nText:\nGood morning.")
        // "Good morning." is 13 bytes → 4 tokens; 2 × 4 + 16 = 24.
        #expect(work.maxOutputTokens == 24)
    }

    @Test func translationOutputCapAndLanguageNames() {
        #expect(PromptTemplate.translationMaxOutputTokens(source: String(repeating: "a", count: 4000)) == 512)
        #expect(PromptTemplate.translationMaxOutputTokens(source: "") == 16)
        #expect(LanguageNames.name(for: "de") == "German")
        #expect(LanguageNames.name(for: "zh") == "Chinese")
        #expect(LanguageNames.name(for: "pt-BR") == "Portuguese")
        #expect(LanguageNames.name(for: "xx") == "xx")
    }

    @Test func syntheticItemsAreNotRendered() {
        let item = DatasetItem(id: "x", task: .synthetic, text: "t", references: [])
        #expect(throws: LLMBenchError.self) { try PromptTemplate.render(item, dataset: "synthetic") }
    }
}
