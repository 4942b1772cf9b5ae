import Foundation
import LLMBenchCore
import Simulator
#if canImport(Glibc)
import Glibc
#endif

/// `llmbench simulate`: the built-in simulator as a standalone server, for other tools and tests.
struct SimulateCommand: Command {
    static let name = "simulate"
    static let abstract = "Serve simulated OpenAI, Anthropic and Gemini models on 127.0.0.1 (no network, no key)."
    static let options: [OptionSpec] = [
        .value("port", "N", "Port to listen on (default 8089; 0 lets the OS pick and prints it)."),
        .value("host", "ADDR", "127.0.0.1 (default) or ::1. Only loopback addresses are allowed."),
        .value("seed", "N", "Seed for latencies, text and faults (default 0)."),
        .value("time-scale", "X", "Multiply every latency by X (default 1; 0 answers at once)."),
        .value("faults", "SPEC", "Inject faults at rates, e.g. http_429=0.05,overloaded=0.02,truncate=0.01."),
        .value("duration", "T", "Stop by itself after this long (default: run until Ctrl-C)."),
        .flag("pretty-errors", "Send error bodies and mid-stream error events pretty-printed, as Google does."),
        .flag("list-models", "Print the simulated models and their latency profiles, then exit."),
    ]
    static let discussion = """
    Endpoints: POST /v1/chat/completions and /v1/responses (OpenAI), POST /v1/messages (Anthropic),
    POST /v1beta/models/{model}:streamGenerateContent?alt=sse and :generateContent (Gemini; also /v1/),
    GET /v1/models. Every response is simulated; reports of runs against it say so.

    EXAMPLES:
      llmbench simulate --port 8089 &
      llmbench run --config examples/all-providers.json
      llmbench simulate --port 0 --faults http_429=0.1,stream_error=0.05 --duration 10m
    """

    var port: UInt16
    var host: String
    var config: SimulatorConfig
    var durationNs: Int64?
    var listModels: Bool

    init(_ a: Arguments) throws {
        guard a.positionals.isEmpty else { throw LLMBenchError.usage("llmbench simulate takes no positional arguments; see --help") }
        port = UInt16(try a.int("port", min: 0, max: 65535) ?? 8089)
        host = a.string("host") ?? "127.0.0.1"
        guard host == "127.0.0.1" || host == "::1" || host == "localhost" else {
            throw LLMBenchError.usage("--host: '\(host)' is not a loopback address (valid: 127.0.0.1, ::1)")
        }
        if host == "localhost" { host = "127.0.0.1" }
        config = SimulatorConfig.default
        if let s = a.string("seed") {
            guard let v = UInt64(s) else { throw LLMBenchError.usage("--seed: '\(s)' is not valid (expected a whole number ≥ 0)") }
            config.seed = v
        }
        config.timeScale = try a.double("time-scale", min: 0, max: 1_000) ?? 1
        if let f = a.string("faults") {
            do { config.faults = try FaultConfig.parse(f) } catch { throw LLMBenchError.usage("--faults: \(error)") }
        }
        durationNs = try a.duration("duration")
        listModels = a.has("list-models")
        config.prettyErrors = a.has("pretty-errors")
    }

    func run() throws -> ExitCode {
        if listModels {
            var out = "| model | TTFT median (ms) | min TTFT (ms) | inter-token median (ms) | tokens/chunk |\n|---|---:|---:|---:|---:|\n"
            for p in config.profiles {
                out += "| \(p.name) | \(Double(p.ttftMedianNs) / 1e6) | \(Double(p.minTTFTNs) / 1e6) | \(Double(p.interTokenMedianNs) / 1e6) | \(p.tokensPerChunk) |\n"
            }
            Console.out(out)
            return .ok
        }
        let server = SimulatorServer(config: config)
        let bound: UInt16
        do { bound = try server.start(host: host, port: port) } catch {
            throw LLMBenchError(.ioError, "cannot listen on \(host):\(port): \(error)")
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        Console.out("llmbench simulate: listening on http://\(shown):\(bound) (simulated models: \(config.profiles.map(\.name).joined(separator: ", ")))")
        Console.out("  OpenAI base_url http://\(shown):\(bound)/v1   Anthropic http://\(shown):\(bound)/v1   Gemini http://\(shown):\(bound)/v1beta")

        // Wait for SIGINT/SIGTERM or the duration, then stop cleanly.
        let done = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { done.signal() }
            s.resume()
            sources.append(s)
        }
        if let d = durationNs {
            _ = done.wait(timeout: .now() + .nanoseconds(Int(min(d, Int64(Int.max)))))
        } else {
            done.wait()
        }
        let stats = server.stats
        server.stop()
        Console.note("llmbench simulate: stopped after \(stats.requests) requests (\(stats.totalFaults) faults injected)")
        return .ok
    }
}
