import Testing
import LLMBenchCore

@Suite("Prompt counts: each model's own encoding, o200k_base as the stated proxy")
struct PromptEncodingTests {
    static func model(_ id: String) -> ModelSpec {
        ModelSpec(name: id, kind: .openai, baseURL: "http://127.0.0.1:9/v1", modelId: id)
    }

    @Test func encodingFollowsTheModelId() {
        #expect(Self.model("gpt-4o").promptEncoding == .o200kBase)
        #expect(!Self.model("gpt-4o").promptEncodingIsProxy)
        #expect(Self.model("gpt-3.5-turbo").promptEncoding == .cl100kBase)
        #expect(Self.model("claude-sonnet-4-5").promptEncoding == .o200kBase)
        #expect(Self.model("claude-sonnet-4-5").promptEncodingIsProxy)
    }

    @Test func countedPromptWinsOverTheEstimate() {
        var item = WorkItem(dataset: "d", itemId: "1", task: .qa, system: "", user: "hello world",
                            maxOutputTokens: 8, estimatedInputTokens: 3)
        #expect(item.inputTokens(in: .o200kBase) == 3)
        item.promptTokens[.o200kBase] = 2
        #expect(item.inputTokens(in: .o200kBase) == 2)
        #expect(item.inputTokens(in: .cl100kBase) == 3)
    }
}
