import Foundation
@testable import Simulator

/// Runs `body` against a fresh simulator on 127.0.0.1 (port picked by the OS), then stops it.
func withServer<T>(_ config: SimulatorConfig = testConfig, _ body: (SimulatorServer, UInt16) throws -> T) throws -> T {
    let server = SimulatorServer(config: config)
    let port = try server.start()
    defer { server.stop() }
    return try body(server, port)
}

/// Fast pace (delays × 0.02) and short fault pauses, so tests finish quickly.
let testConfig = SimulatorConfig(faults: FaultConfig(stallNs: 150_000_000, slowFirstByteNs: 150_000_000), timeScale: 0.02)

let summaryPrompt = "Summarize the following document.\n\nDocument:\nThe river flooded the old town in spring. Many shops closed for weeks. Volunteers cleaned the streets."
let qaPrompt = "Context:\nThe bridge was built in 1890 by local masons. Paris is the capital of France. The market opens on Sundays.\n\nQuestion: What is the capital of France?\nAnswer:"

func openAIBody(model: String = "gpt-4o-mini", user: String = summaryPrompt, stream: Bool, usage: Bool = false, maxTokens: Int? = nil) -> String {
    var o: [String: Any] = ["model": model, "messages": [["role": "system", "content": "Be brief."], ["role": "user", "content": user]], "stream": stream]
    if usage { o["stream_options"] = ["include_usage": true] }
    if let maxTokens { o["max_tokens"] = maxTokens }
    return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
}

func anthropicBody(model: String = "claude-3-haiku", user: String = summaryPrompt, stream: Bool, maxTokens: Int? = 256, cachedSystem: String? = nil) -> String {
    var o: [String: Any] = ["model": model, "messages": [["role": "user", "content": user]], "stream": stream]
    if let maxTokens { o["max_tokens"] = maxTokens }
    if let cachedSystem { o["system"] = [["type": "text", "text": cachedSystem, "cache_control": ["type": "ephemeral"]]] }
    return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
}

func geminiBody(user: String = summaryPrompt, maxTokens: Int? = nil) -> String {
    var o: [String: Any] = ["contents": [["role": "user", "parts": [["text": user]]]]]
    if let maxTokens { o["generationConfig"] = ["maxOutputTokens": maxTokens] }
    return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
}

let openAIAuth = ["authorization": "Bearer test-key"]
let anthropicAuth = ["x-api-key": "test-key", "anthropic-version": "2023-06-01"]
let geminiAuth = ["x-goog-api-key": "test-key"]

/// The concatenated `delta.content` of an OpenAI stream's chunks.
func openAIStreamText(_ events: [SSEEvent]) -> String {
    events.compactMap { ($0.json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
        .compactMap { $0["content"] as? String }.joined()
}
