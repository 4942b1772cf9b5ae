import Foundation
import LLMBenchCore
import Simulator
import Testing
@testable import Providers

/// The simulator's pretty-printed errors (as Google sends them), read by the client in all three
/// formats: the provider's message, not the raw body, and the right kind, over HTTP and mid-stream.
@Suite struct PrettyErrorsTests {
    static func run(fault: String, kind: ProviderKind) async throws -> RequestRecord {
        let faults = try FaultConfig.parse("\(fault)=1")
        let server = SimulatorServer(config: SimulatorConfig(faults: faults, seed: 3, timeScale: 0, prettyErrors: true))
        let port = try server.start()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)/" + (kind == .gemini ? "v1beta" : "v1")
        let model = ModelSpec(name: "m", kind: kind, baseURL: base,
                              modelId: kind == .openai ? "gpt-4o-mini" : kind == .anthropic ? "claude-3-haiku" : "gemini-1.5-flash",
                              apiKeyEnv: "TEST_KEY", stream: true)
        let client = ClientEndToEndTests.client()
        defer { client.shutdown() }
        return await ClientEndToEndTests.send(client, model)
    }

    @Test(arguments: [ProviderKind.openai, .anthropic, .gemini]) func httpErrorsGiveTheProvidersMessage(_ kind: ProviderKind) async throws {
        let r = try await Self.run(fault: "http_500", kind: kind)
        #expect(r.errorKind == .http5xx && r.httpStatus == 500)
        let message = try #require(r.errorMessage)
        #expect(message.hasPrefix("HTTP 500: ") && !message.contains("{") && !message.contains("body:"), "\(message)")
        if kind == .gemini { #expect(message == "HTTP 500: INTERNAL: An internal error has occurred. (simulated)") }
    }

    @Test(arguments: [ProviderKind.openai, .anthropic, .gemini]) func midStreamErrorsAreStreamErrors(_ kind: ProviderKind) async throws {
        let r = try await Self.run(fault: "stream_error", kind: kind)
        // Anthropic's and Gemini's simulated mid-stream errors are overloads (`overloaded_error`, `UNAVAILABLE`).
        #expect(r.errorKind == (kind == .openai ? .streamError : .overloaded), "\(r.errorKind?.rawValue ?? "ok") \(r.errorMessage ?? "")")
        #expect(r.errorMessage?.contains("{") == false, "\(r.errorMessage ?? "")")
    }
}
