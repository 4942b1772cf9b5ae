import Foundation
import LLMBenchCore
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `llmbench simulate --port 0 …` as a child process: the port comes from its first stdout line
/// ("llmbench simulate: listening on http://127.0.0.1:PORT …"); `stop()` sends SIGINT and returns
/// what it printed when it stopped. Every wait is bounded.
final class SimulatorProcess {
    let process = Process()
    let port: Int
    private let out = Pipe(), err = Pipe()

    init(_ extraArgs: [String] = [], timeout: TimeInterval = 20) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["simulate", "--port", "0"] + extraArgs
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read the first line on another thread, so a silent child cannot hang the test.
        let reader = out.fileHandleForReading
        nonisolated(unsafe) var line = Data()
        let got = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for _ in 0..<4096 {
                let byte = reader.readData(ofLength: 1)
                if byte.isEmpty || byte.first == 10 { break }
                line.append(byte)
            }
            got.signal()
        }
        guard got.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            throw NSError(domain: "llmbench.tests", code: 2, userInfo: [NSLocalizedDescriptionKey: "llmbench simulate printed no first line"])
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "127.0.0.1:"),
              let p = Int(text[range.upperBound...].prefix(while: \.isNumber)), p > 0 else {
            process.terminate()
            throw NSError(domain: "llmbench.tests", code: 3, userInfo: [NSLocalizedDescriptionKey: "no port in \"\(text)\""])
        }
        port = p
        // Keep draining stdout so the child never blocks on a full pipe.
        DispatchQueue.global().async { _ = reader.readDataToEndOfFile() }
    }

    /// Sends SIGINT, waits (bounded; SIGKILL after `timeout`) and returns the exit status and stderr.
    @discardableResult
    func stop(timeout: TimeInterval = 20) -> (status: Int32, stderr: String) {
        guard process.isRunning else { return (process.terminationStatus, readErr()) }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, readErr())
    }

    private func readErr() -> String {
        String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// Run configurations written for a test: examples/all-providers.json with its base URLs moved.
enum ProvidersConfig {
    static let example = Binary.packageRoot.appendingPathComponent("examples/all-providers.json")

    /// The example's models with every `127.0.0.1:8089` replaced by `127.0.0.1:port`, each passed
    /// through `edit` (e.g. to add `api_key_env`); written to `dir/name`.
    static func write(port: Int, to dir: URL, name: String = "config.json",
                      edit: (inout [String: Any]) -> Void = { _ in }) throws -> URL {
        let text = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:8089", with: "127.0.0.1:\(port)")
        var root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var models = root["models"] as! [[String: Any]]
        for i in models.indices { edit(&models[i]) }
        root["models"] = models
        let url = dir.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    /// The model names and `kind`s of examples/all-providers.json.
    static func exampleModels() throws -> [(name: String, kind: String)] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as! [String: Any]
        return (root["models"] as! [[String: Any]]).map { ($0["name"] as! String, $0["kind"] as! String) }
    }
}

/// The JSON report a run or `llmbench report --format json` printed, read as dictionaries.
struct JSONReport {
    let root: [String: Any]

    init(_ text: String) throws {
        guard let r = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw NSError(domain: "llmbench.tests", code: 4, userInfo: [NSLocalizedDescriptionKey: "report is not a JSON object"])
        }
        root = r
    }

    var simulated: Bool? { root["simulated"] as? Bool }

    /// `groups[]` as (model, dataset, metrics).
    var groups: [(model: String, dataset: String, metrics: [String: Any])] {
        (root["groups"] as? [[String: Any]] ?? []).map {
            ($0["model"] as? String ?? "", $0["dataset"] as? String ?? "", $0["metrics"] as? [String: Any] ?? [:])
        }
    }

    /// A count metric (`errors_http_429`, `retries`, …) summed over every group.
    func total(_ name: String) -> Int {
        groups.reduce(0) { $0 + (($1.metrics[name] as? NSNumber)?.intValue ?? 0) }
    }

    /// A count metric summed over one model's groups.
    func total(_ name: String, model: String) -> Int {
        groups.filter { $0.model == model }.reduce(0) { $0 + (($1.metrics[name] as? NSNumber)?.intValue ?? 0) }
    }
}

/// Every stored attempt of the newest run in `db`.
func storedRequests(_ db: String) throws -> (run: RunInfo, rows: [RequestRecord]) {
    let database = try Database.open(path: db, readOnly: true)
    defer { try? database.close() }
    let run = try database.resolveRun("latest")
    var rows: [RequestRecord] = []
    try database.forEachRequest(runId: run.id) { rows.append($0) }
    return (run, rows)
}

/// The report's count of failed attempts of one kind (`errors_<error_kind>`, the metric list's name).
func errorsMetric(_ kind: ErrorKind) -> String { "errors_\(kind.rawValue)" }
