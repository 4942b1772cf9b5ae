import Foundation
import LLMBenchCore

/// The bytes a hostile server sends, per wire format: well-formed streams around one bad part.
enum Hostile {
    enum Kind: String, CaseIterable, Sendable { case openai, anthropic, gemini }

    /// `{"a":{"a":…1…}}`, `levels` objects deep.
    static func deepObject(_ levels: Int) -> String {
        String(repeating: "{\"a\":", count: levels) + "1" + String(repeating: "}", count: levels)
    }
    /// `[[[…]]]`, `levels` arrays deep.
    static func deepArray(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    }

    static let sse: [(String, String)] = [("content-type", "text/event-stream")]

    /// One server-sent event: `event:` when named, then `data:`.
    static func event(_ name: String?, _ data: String) -> String {
        (name.map { "event: \($0)\n" } ?? "") + "data: \(data)\n\n"
    }

    /// A complete, good streamed answer of `text` in `kind`'s format, with `usage` spliced in as
    /// the raw usage JSON values (input, output) and `extra` members added to the first chunk.
    static func stream(_ kind: Kind, text: String = "hello", input: String = "12", output: String = "5",
                       extra: String = "", textField: String = "", id: String? = nil, model: String = "m",
                       finish: String? = nil) -> String {
        let t = JSONText.quote(text)
        let m = JSONText.quote(model)
        let x = extra.isEmpty ? "" : ",\(extra)"
        let f = textField.isEmpty ? "" : ",\(textField)"
        switch kind {
        case .openai:
            let i = JSONText.quote(id ?? "chatcmpl-1")
            return event(nil, "{\"id\":\(i),\"model\":\(m)\(x),\"choices\":[{\"index\":0,\"delta\":{\"content\":\(t)\(f)},\"finish_reason\":null}]}")
                + event(nil, "{\"id\":\(i),\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\(JSONText.quote(finish ?? "stop"))}]}")
                + event(nil, "{\"choices\":[],\"usage\":{\"prompt_tokens\":\(input),\"completion_tokens\":\(output)}}")
                + "data: [DONE]\n\n"
        case .anthropic:
            return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\(JSONText.quote(id ?? "msg_1")),\"model\":\(m)\(x),\"usage\":{\"input_tokens\":\(input),\"output_tokens\":1}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(t)\(f)}}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\(JSONText.quote(finish ?? "end_turn"))},\"usage\":{\"output_tokens\":\(output)}}")
                + event("message_stop", "{\"type\":\"message_stop\"}")
        case .gemini:
            return event(nil, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\(t)\(f)}],\"role\":\"model\"},\"finishReason\":\(JSONText.quote(finish ?? "STOP"))}],\"usageMetadata\":{\"promptTokenCount\":\(input),\"candidatesTokenCount\":\(output)},\"modelVersion\":\(m),\"responseId\":\(JSONText.quote(id ?? "r1"))\(x)}")
        }
    }

    /// The first event of `kind`'s stream with `data` as its whole payload.
    static func firstEvent(_ kind: Kind, _ data: String) -> String {
        event(kind == .anthropic ? "content_block_delta" : nil, data)
    }

    /// Each provider's own mid-stream error, after one good chunk, pretty-printed.
    static func midStreamError(_ kind: Kind) -> String {
        func pretty(_ name: String?, _ lines: [String]) -> String {
            (name.map { "event: \($0)\n" } ?? "") + lines.map { "data: \($0)\n" }.joined() + "\n"
        }
        switch kind {
        case .openai:
            return event(nil, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel\"},\"finish_reason\":null}]}")
                + pretty(nil, ["{", "  \"error\": {", "    \"message\": \"The server had an error while processing your request.\",",
                               "    \"type\": \"server_error\",", "    \"param\": null,", "    \"code\": null", "  }", "}"])
        case .anthropic:
            return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}")
                + pretty("error", ["{", "  \"type\": \"error\",", "  \"error\": {", "    \"type\": \"overloaded_error\",",
                                   "    \"message\": \"Overloaded\"", "  }", "}"])
        case .gemini:
            return event(nil, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hel\"}],\"role\":\"model\"}}]}")
                + pretty(nil, googleError(code: 500, status: "INTERNAL", message: "An internal error has occurred.").split(separator: "\n").map(String.init))
        }
    }

    /// Google's error object as Google prints it (indented, `"code": 500` with a space, `details`).
    static func googleError(code: Int, status: String, message: String) -> String {
        """
        {
          "error": {
            "code": \(code),
            "message": \(JSONText.quote(message)),
            "status": "\(status)",
            "details": [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "\(status)",
                "domain": "generativelanguage.googleapis.com",
                "metadata": {
                  "service": "generativelanguage.googleapis.com"
                }
              }
            ]
          }
        }
        """
    }

    /// Each provider's HTTP error body, pretty-printed.
    static func errorBody(_ kind: Kind) -> (status: String, body: String, message: String) {
        switch kind {
        case .openai:
            return ("500 Internal Server Error", "{\n  \"error\": {\n    \"message\": \"The server had an error while processing your request.\",\n    \"type\": \"server_error\",\n    \"param\": null,\n    \"code\": null\n  }\n}\n",
                    "server_error: The server had an error while processing your request.")
        case .anthropic:
            return ("529 Overloaded", "{\n  \"type\": \"error\",\n  \"error\": {\n    \"type\": \"overloaded_error\",\n    \"message\": \"Overloaded\"\n  },\n  \"request_id\": \"req_1\"\n}\n",
                    "overloaded_error: Overloaded")
        case .gemini:
            return ("500 Internal Server Error", googleError(code: 500, status: "INTERNAL", message: "An internal error has occurred."),
                    "INTERNAL: An internal error has occurred.")
        }
    }
}

/// A JSON string literal (RFC 8259 escapes).
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
