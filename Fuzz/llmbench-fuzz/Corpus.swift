import Providers

/// What one fuzz case feeds, and the valid inputs its mutations start from.
enum Target: Int, CaseIterable {
    case sse, scanner, openaiStream, openaiBody, anthropicStream, anthropicBody, geminiStream, geminiBody, errorBody
    case responsesStream, responsesBody
    /// A response head (status lines, headers, 1xx blocks) before a good OpenAI stream.
    case headers

    var name: String {
        switch self {
        case .sse: return "sse"
        case .scanner: return "json-scanner"
        case .openaiStream: return "openai-stream"
        case .openaiBody: return "openai-body"
        case .anthropicStream: return "anthropic-stream"
        case .anthropicBody: return "anthropic-body"
        case .geminiStream: return "gemini-stream"
        case .geminiBody: return "gemini-body"
        case .errorBody: return "error-body"
        case .headers: return "http-headers"
        case .responsesStream: return "responses-stream"
        case .responsesBody: return "responses-body"
        }
    }

    var format: any WireFormat.Type {
        switch self {
        case .anthropicStream, .anthropicBody: return AnthropicMessagesFormat.self
        case .geminiStream, .geminiBody: return GeminiFormat.self
        case .responsesStream, .responsesBody: return OpenAIResponsesFormat.self
        default: return OpenAIChatFormat.self
        }
    }

    var streamed: Bool { [.sse, .openaiStream, .anthropicStream, .geminiStream, .responsesStream, .headers].contains(self) }

    /// Valid inputs of this target's shape (the fuzz key appears in some, to exercise redaction).
    var seeds: [String] {
        let k = Fuzz.secret
        switch self {
        case .sse, .openaiStream:
            return ["data: {\"id\":\"chatcmpl-1\",\"model\":\"gpt\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\ndata: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \(k)\"},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":2},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\ndata: [DONE]\n\n",
                    ": keep-alive\r\nevent: message\r\ndata: {\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}\r\n\r\ndata: {\"error\": {\"message\": \"boom\", \"type\": \"server_error\", \"code\": null}}\r\n\r\n"]
        case .openaiBody:
            return ["{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}",
                    "{\n  \"error\": {\n    \"message\": \"Incorrect API key \(k)\",\n    \"type\": \"invalid_request_error\",\n    \"code\": \"invalid_api_key\"\n  }\n}"]
        case .anthropicStream:
            return ["event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":2,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
                    "event: error\ndata: {\n  \"type\": \"error\",\n  \"error\": {\n    \"type\": \"overloaded_error\",\n    \"message\": \"Overloaded\"\n  }\n}\n\n"]
        case .anthropicBody:
            return ["{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}",
                    "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}, \"request_id\": \"req_1\"}"]
        case .geminiStream:
            return ["data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}, {\"thought\": true, \"text\": \"hmm\"}], \"role\": \"model\"}}], \"usageMetadata\": {\"promptTokenCount\": 4, \"candidatesTokenCount\": 1}, \"modelVersion\": \"gemini\", \"responseId\": \"r1\"}\r\n\r\ndata: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":3,\"cachedContentTokenCount\":1}}\r\n\r\n",
                    "data: {\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n\n"]
        case .geminiBody:
            return ["[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1}}]",
                    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi \(k)\"}]},\"finishReason\":\"MAX_TOKENS\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1},\"modelVersion\":\"gemini\"}"]
        case .responsesStream:
            return ["event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"model\":\"o4\",\"output\":[],\"usage\":null}}\n\nevent: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}\n\nevent: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":2,\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"hmm\"}\n\nevent: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\"Hi \(k)\",\"logprobs\":[]}\n\nevent: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":4,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"incomplete_details\":null,\"error\":null,\"usage\":{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":2},\"output_tokens\":30,\"output_tokens_details\":{\"reasoning_tokens\":28},\"total_tokens\":39}}}\n\n",
                    "data: {\"type\":\"error\",\"error\":{\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit \(k)\",\"param\":null},\"sequence_number\":2}\n\nevent: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":3,\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n"]
        case .responsesBody:
            return ["{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"model\":\"o4\",\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"plan\"}]},{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi \(k)\"}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":16,\"output_tokens_details\":{\"reasoning_tokens\":12}}}"]
        case .headers:
            return ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nx-request-id: req-\(k)\r\nx-ratelimit-remaining-requests: 99\r\nretry-after: 1\r\nanthropic-ratelimit-tokens-limit: 5\r\n\r\n",
                    "HTTP/2 302\r\nlocation: https://elsewhere.example/\(k)\r\ncontent-encoding: gzip\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Type: text/event-stream; charset=utf-8\r\nX-Goog-Request-Id: g-1\r\n\r\n"]
        case .scanner, .errorBody:
            return ["{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"An internal error has occurred.\",\n    \"status\": \"INTERNAL\",\n    \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"x\", \"metadata\": {\"k\": \"\(k)\"}}]\n  }\n}\n",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                    "[{\"error\": {\"message\": \"quota \\u00e9\\ud83d\\ude00 \\\"x\\\"\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}]",
                    "<html><body>502 Bad Gateway</body></html>"]
        }
    }
}
