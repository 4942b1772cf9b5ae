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
    static let options = Options()

    struct Options: OptionGroup {
        let port = Opt.int("port", default: 8089, in: 0...65535, "Port to listen on (0 lets the OS pick and prints it).")
        let host = Opt.string("host", "ADDR", default: "127.0.0.1", "127.0.0.1 or ::1. Only loopback addresses are allowed.")
        let seed = Opt.uint64("seed", default: SimulatorConfig.default.seed, "Seed for latencies, text and faults.")
        let timeScale = Opt.double("time-scale", "X", default: SimulatorConfig.default.timeScale, min: 0, max: 1_000,
                                   "Multiply every latency by X (0 answers at once).")
        let faults = Opt.string("faults", "SPEC", "Inject faults at rates, e.g. http_429=0.05,overloaded=0.02,truncate=0.01.")
        let duration = Opt.duration("duration", fallback: nil, "Stop by itself after this long. Default: run until Ctrl-C.")
        let prettyErrors = Opt.flag("pretty-errors", "Send error bodies and mid-stream error events pretty-printed, as Google does.")
        let listModels = Opt.flag("list-models", "Print the simulated models and their latency profiles, then exit.")
    }

    static let exitCodes = [ExitCodeHelp.ok, .usage, .software,
                            ExitCodeHelp(.ioError, "cannot listen on the address and port (in use, or not allowed)")]

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
        let o = Self.options
        port = UInt16(try a.value(o.port))
        host = try a.value(o.host)
        guard host == "127.0.0.1" || host == "::1" || host == "localhost" else {
            throw LLMBenchError.usage("--\(o.host.spec.name): '\(host)' is not a loopback address (valid: 127.0.0.1, ::1)")
        }
        if host == "localhost" { host = "127.0.0.1" }
        config = SimulatorConfig.default
        config.seed = try a.value(o.seed)
        config.timeScale = try a.value(o.timeScale)
        if let f = try a.value(o.faults) {
            do { config.faults = try FaultConfig.parse(f) } catch { throw LLMBenchError.usage("--\(o.faults.spec.name): \(error)") }
        }
        durationNs = try a.value(o.duration)
        listModels = a.has(o.listModels)
        config.prettyErrors = a.has(o.prettyErrors)
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
