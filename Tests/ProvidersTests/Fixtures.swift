import LLMBenchCore
@testable import Providers

/// Recorded-style streams for each provider (shapes from the providers' API references).
enum Fixtures {
    static let openAIStream =
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w\\u00f6rld \\ud83d\\ude00\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":3,\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":8,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":1,\"audio_tokens\":0}}}\n\n"
        + "data: [DONE]\n\n"

    /// The OpenAI stream split into its events (one body chunk per event).
    static var openAIChunks: [String] { splitEvents(openAIStream, separator: "\n\n") }

    static let openAIReasoningStream =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Think\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Answer\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n"

    static let anthropicStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
        + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me think.\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"

    static var anthropicChunks: [String] { splitEvents(anthropicStream, separator: "\n\n") }

    static let geminiStream =
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Pondering\",\"thought\": true}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"totalTokenCount\": 9},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-abc\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"totalTokenCount\": 9},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-abc\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" all\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 2,\"thoughtsTokenCount\": 5,\"cachedContentTokenCount\": 4,\"totalTokenCount\": 16},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-abc\"}\r\n\r\n"

    static var geminiChunks: [String] { splitEvents(geminiStream, separator: "\r\n\r\n") }

    static func splitEvents(_ s: String, separator: String) -> [String] {
        s.components(separatedBy: separator).filter { !$0.isEmpty }.map { $0 + separator }
    }

    static let item = WorkItem(dataset: "qa", itemId: "q1", task: .qa, system: "Be brief.", user: "Say \"hi\"\n",
                               maxOutputTokens: 64, estimatedInputTokens: 7)

    static func model(_ kind: ProviderKind, stream: Bool = true, baseURL: String = "http://127.0.0.1:9/v1",
                      key: String? = "TEST_KEY") -> ModelSpec {
        ModelSpec(name: "m-\(kind.rawValue)", kind: kind, baseURL: baseURL, modelId: "model-x", apiKeyEnv: key, stream: stream)
    }

    static func skeleton() -> RequestRecord {
        RequestRecord(runId: "run", requestIndex: 3, model: "m", dataset: "qa", itemId: "q1", status: .error, intendedStartNs: 0)
    }

    /// Replays a response through a recorder: header lines at t=1000 ns, then body chunk i at 2000+1000·i ns.
    static func replay(_ format: any WireFormat.Type, stream: Bool = true, status: Int = 200,
                       headers: [String] = [], chunks: [String], outcome: TransportOutcome = .completed,
                       secrets: [String] = []) -> RequestRecord {
        var r = RequestRecorder(skeleton: skeleton(), format: format, stream: stream, runStartNs: 0,
                                secrets: secrets, estimatedInputTokens: 7)
        r.markSent(atNs: 500)
        let contentType = stream ? "text/event-stream" : "application/json"
        for line in ["HTTP/1.1 \(status) X\r\n", "Content-Type: \(contentType)\r\n"] + headers.map({ $0 + "\r\n" }) + ["\r\n"] {
            Array(line.utf8).withUnsafeBytes { r.headerLine($0, atNs: 1000) }
        }
        for (i, c) in chunks.enumerated() {
            _ = Array(c.utf8).withUnsafeBytes { r.body($0, atNs: 2000 + 1000 * Int64(i)) }
        }
        return r.finish(outcome, atNs: 100_000, phases: TransferPhases())
    }
}
