import Foundation
import LLMBenchCore

/// Reads conversation datasets: JSONL whose lines hold an OpenAI-shape `messages` array or a ShareGPT
/// `conversations` array (README "Conversations").
///
/// A line: an optional first system message, then user and assistant messages alternating, starting
/// with a user message (each user message is one turn; the assistant message after it is that turn's
/// recorded answer, used by `--replay-assistant`). Roles: `system`, `user`, `assistant` (OpenAI;
/// `developer` is read as `system`); ShareGPT `from` is `system`, `human` or `gpt` (`user` and
/// `assistant` are accepted too). `content`/`value` is a string, or an array of `{"type": "text",
/// "text": …}` parts (joined). Optional: `id` (string or integer), `think_time_ms` (0 to 86,400,000)
/// and `max_tokens` (1 to 1,000,000). Problems are reported as `DatasetLoader` does: `path:LINE: …`,
/// the first 20 and a count, exit 65.
public enum ConversationLoader {
    /// At most this many user turns in one conversation.
    public static let maxTurns = 1_000

    /// Whether the file at `path` is a conversation dataset: its first non-blank line is a JSON object
    /// with a `messages` or `conversations` member. False when it cannot be read (the dataset loader
    /// then reports why).
    public static func isConversationFile(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return sniff([UInt8](data)) != nil
    }

    /// The shape of the first non-blank line, nil when it is not a conversation line.
    static func sniff(_ bytes: [UInt8]) -> ConversationDataset.Shape? {
        for (_, line) in DatasetLoader.lines(of: bytes) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            guard case .object(let o) = JSONLine.parse(line) else { return nil }
            if o["messages"] != nil { return .openAIMessages }
            if o["conversations"] != nil { return .shareGPT }
            return nil
        }
        return nil
    }

    /// Loads and validates the conversation dataset at `path`; its name is the file stem.
    public static func load(path: String) throws -> ConversationDataset {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMBenchError.noInput("\(path): no such dataset file, or it cannot be read")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(bytes: [UInt8](data), path: path, name: name)
    }

    /// Validates `bytes` as read from `path` (used in messages).
    public static func parse(bytes: [UInt8], path: String, name: String) throws -> ConversationDataset {
        var problems = ProblemList(path: path)
        var conversations: [Conversation] = []
        var shape: ConversationDataset.Shape?
        var firstLineOfId: [String: Int] = [:]
        for (number, line) in DatasetLoader.lines(of: bytes) {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) else { continue }
            let object: [String: Any]
            switch JSONLine.parse(line) {
            case .problem(let message): problems.add(line: number, message); continue
            case .object(let o): object = o
            }
            let lineShape: ConversationDataset.Shape
            if object["messages"] != nil { lineShape = .openAIMessages }
            else if object["conversations"] != nil { lineShape = .shareGPT }
            else {
                problems.add(line: number, "no \"messages\" or \"conversations\" array (a conversation dataset's every line has one)")
                continue
            }
            if let s = shape, s != lineShape {
                problems.add(line: number, "field \"\(lineShape.rawValue)\" where earlier lines have \"\(s.rawValue)\"; a file holds one shape")
                continue
            }
            shape = lineShape
            switch conversation(object, shape: lineShape, dataset: name, line: number) {
            case .failure(let found):
                for m in found.messages { problems.add(line: number, m) }
            case .success(let c):
                if let first = firstLineOfId[c.id] {
                    problems.add(line: number, "field \"id\" duplicates line \(first) (\"\(c.id)\")")
                } else {
                    firstLineOfId[c.id] = number
                    conversations.append(c)
                }
            }
        }
        guard problems.isEmpty else { throw problems.error() }
        guard let shape, !conversations.isEmpty else { throw LLMBenchError.data("\(path): holds no conversations (every line is blank)") }
        return ConversationDataset(name: name, shape: shape, conversations: conversations,
                                   sha256: SHA256.hex(of: bytes), path: path)
    }

    struct Problems: Error { var messages: [String] }

    /// One line as a conversation, or every problem found in it.
    static func conversation(_ o: [String: Any], shape: ConversationDataset.Shape, dataset: String,
                             line: Int) -> Result<Conversation, Problems> {
        var problems: [String] = []
        var id = "line-\(line)"
        if let v = o["id"] {
            if let s = v as? String, !s.isEmpty, s.count <= 256 {
                id = s
            } else if let n = v as? NSNumber, !JSONValues.isBool(n), n.doubleValue == n.doubleValue.rounded(),
                      abs(n.doubleValue) < 1e15 {
                id = String(n.int64Value)
            } else {
                problems.append("field \"id\" is \(JSONLine.typeName(v)) (expected a string of 1 to 256 characters or an integer)")
            }
        }
        var thinkNs: Int64?
        if let v = o["think_time_ms"] {
            if let n = v as? NSNumber, !JSONValues.isBool(n), n.doubleValue >= 0, n.doubleValue <= 86_400_000 {
                thinkNs = Int64((n.doubleValue * 1e6).rounded())
            } else {
                problems.append("field \"think_time_ms\" must be a number from 0 to 86400000 (milliseconds)")
            }
        }
        var maxTokens = Conversation.defaultMaxOutputTokens
        if let v = o["max_tokens"] {
            if let n = v as? NSNumber, !JSONValues.isBool(n), n.doubleValue == n.doubleValue.rounded(),
               n.doubleValue >= 1, n.doubleValue <= 1_000_000 {
                maxTokens = n.intValue
            } else {
                problems.append("field \"max_tokens\" must be a whole number from 1 to 1000000")
            }
        }
        let field = shape.rawValue
        guard let messages = o[field] as? [Any] else {
            problems.append("field \"\(field)\" is \(JSONLine.typeName(o[field]!)) (expected an array of messages)")
            return .failure(Problems(messages: problems))
        }
        var system = ""
        var turns: [Conversation.Turn] = []
        for (i, m) in messages.enumerated() {
            let at = "\(field)[\(i)]"
            guard let msg = m as? [String: Any] else {
                problems.append("\(at) is \(JSONLine.typeName(m)) (expected an object)"); break
            }
            let (roleKey, textKey) = shape == .openAIMessages ? ("role", "content") : ("from", "value")
            guard let roleText = msg[roleKey] as? String else {
                problems.append("\(at): field \"\(roleKey)\" is missing (expected a string)"); break
            }
            guard let role = Self.role(roleText, shape: shape) else {
                let valid = shape == .openAIMessages ? "system, user, assistant" : "system, human, gpt"
                problems.append("\(at): \"\(roleKey)\" is \"\(roleText.prefix(40))\" (expected one of \(valid))"); break
            }
            guard let text = Self.text(msg[textKey]) else {
                problems.append("\(at): field \"\(textKey)\" must be a string or an array of text parts"); break
            }
            switch role {
            case .system:
                guard i == 0 else { problems.append("\(at): a system message may only come first"); break }
                system = text
            case .user:
                if let last = turns.last, last.recordedAnswer == nil {
                    problems.append("\(at): two user messages in a row (turn \(turns.count) has no answer between them)")
                } else if turns.count == maxTurns {
                    problems.append("\(at): more than \(maxTurns) user turns")
                } else {
                    turns.append(Conversation.Turn(user: text, recordedAnswer: nil))
                }
            case .assistant:
                guard let last = turns.last, last.recordedAnswer == nil else {
                    problems.append("\(at): an assistant message must follow a user message"); break
                }
                turns[turns.count - 1].recordedAnswer = text
            }
            if !problems.isEmpty { break }
        }
        if problems.isEmpty && turns.isEmpty { problems.append("field \"\(field)\" has no user message (nothing to send)") }
        guard problems.isEmpty else { return .failure(Problems(messages: problems)) }
        return .success(Conversation(dataset: dataset, id: id, system: system, turns: turns, thinkTimeNs: thinkNs,
                                     maxOutputTokens: maxTokens))
    }

    static func role(_ s: String, shape: ConversationDataset.Shape) -> ChatMessage.Role? {
        switch (shape, s) {
        case (_, "system"), (.openAIMessages, "developer"): return .system
        case (.openAIMessages, "user"), (.shareGPT, "human"), (.shareGPT, "user"): return .user
        case (.openAIMessages, "assistant"), (.shareGPT, "gpt"), (.shareGPT, "assistant"): return .assistant
        default: return nil
        }
    }

    /// A string, or the texts of an array of `{"type": "text", "text": …}` parts joined by newlines.
    static func text(_ v: Any?) -> String? {
        if let s = v as? String { return s }
        guard let parts = v as? [Any], !parts.isEmpty else { return nil }
        var out: [String] = []
        for p in parts {
            guard let o = p as? [String: Any], (o["type"] as? String ?? "text") == "text", let t = o["text"] as? String else { return nil }
            out.append(t)
        }
        return out.joined(separator: "\n")
    }
}
