import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `Benchmarks/stub/sse-stub.c`, compiled with the system `cc -O2` into a temporary directory and
/// run as a child process (pinned to CPU 0 with `taskset` when there are two or more CPUs), so the
/// server is never the bottleneck of a transport measurement.
final class StubProcess {
    let process: Process
    let port: UInt16
    private let dir: URL

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The stub's source, found from this file's path (the bench runs from a checkout).
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("stub/sse-stub.c")

    /// Builds and starts the stub: `tokens` content events per response, `intervalMs` apart (0: all at once).
    init(tokens: Int, intervalMs: Int = 0) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-stub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let binary = dir.appendingPathComponent("sse-stub").path
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-O2", "-o", binary, Self.source.path]
        try cc.run()
        cc.waitUntilExit()
        guard cc.terminationStatus == 0 else { throw Failure(description: "cc could not build \(Self.source.path) (is a C compiler installed?)") }
        let portFile = dir.appendingPathComponent("port").path
        process = Process()
        let pin = ProcessMetrics.cpuCount >= 2 && FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")
        process.executableURL = URL(fileURLWithPath: pin ? "/usr/bin/taskset" : binary)
        process.arguments = (pin ? ["-c", "0", binary] : []) + [portFile, String(tokens), String(intervalMs)]
        try process.run()
        var found: UInt16?
        for _ in 0..<200 where found == nil {
            usleep(10_000)
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        guard let found else { process.terminate(); throw Failure(description: "the stub did not write its port within 2 s") }
        port = found
    }

    /// The stub's CPU time so far, ns.
    var cpuTimeNs: Int64? { ProcessMetrics.cpuTimeNs(pid: process.processIdentifier) }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: dir)
    }

    deinit { stop() }

    /// Pins every thread of this process (and the threads it starts later) to `cpu` with `taskset -a -p`;
    /// false when there is one CPU or no taskset. `unpinSelf()` undoes it for the scenarios that follow.
    @discardableResult
    static func pinSelf(cpu: Int) -> Bool {
        guard ProcessMetrics.cpuCount > cpu, ProcessMetrics.cpuCount >= 2 else { return false }
        return taskset(String(cpu))
    }

    static func unpinSelf() { _ = taskset("0-\(ProcessMetrics.cpuCount - 1)") }

    private static func taskset(_ cpus: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        p.arguments = ["-a", "-p", "-c", cpus, String(getpid())]
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
