import Foundation
import Testing

/// Seeded fuzzing of the SSE parser, the JSON scanner, the three wire formats' decoders and error
/// bodies, in a child process (`llmbench-fuzz`): a Swift trap kills only the child, and the test
/// names the seed and the input of the case it died on. `LLMBENCH_FUZZ_SEED` and
/// `LLMBENCH_FUZZ_CASES` override the defaults (seed 20261201, 6,000 cases: about 2 s in debug).
@Suite struct FuzzEndToEndTests {
    static var fuzzPath: String {
        let dir = URL(fileURLWithPath: Binary.path).deletingLastPathComponent()
        let beside = dir.appendingPathComponent("llmbench-fuzz").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Binary.packageRoot.appendingPathComponent(".build/debug/llmbench-fuzz").path
    }

    @Test func parsersOfUntrustedBytesNeverCrash() throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["LLMBENCH_FUZZ_SEED"] ?? "20261201"
        let cases = env["LLMBENCH_FUZZ_CASES"] ?? "6000"
        let path = Self.fuzzPath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("\(path) is not built: run `swift build` first")
            return
        }
        let r = try Self.run(path, ["--seed", seed, "--cases", cases])
        if r.status != 0 {
            // The last "case K" line on stderr is the case that was running when it stopped.
            let last = r.stderr.split(separator: "\n").last { $0.hasPrefix("case ") }.map { String($0.dropFirst(5)) } ?? "?"
            let dump = (try? Self.run(path, ["--seed", seed, "--case", last, "--dump"]).stdout) ?? ""
            Issue.record("llmbench-fuzz exited \(r.status) (a signal means a trap) at seed \(seed) case \(last)\n\(r.stdout)\n\(dump.prefix(8000))")
        }
        #expect(r.stdout.contains("ok: \(cases) cases"), "\(r.stdout)")
    }

    /// Runs the fuzzer (bounded: killed after 120 s), capturing stdout and stderr.
    static func run(_ path: String, _ args: [String]) throws -> Binary.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + 120) == .timedOut { p.terminate(); group.wait() }
        p.waitUntilExit()
        return Binary.Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
