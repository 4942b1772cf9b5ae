import Foundation

/// Runs the built `llmbench` binary as a user would, and captures what it printed.
enum Binary {
    /// The package root, from this file's path (Tests/EndToEndTests/BinaryRunner.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `.build/debug/llmbench` (what `swift test` builds next to the tests), or `LLMBENCH_BINARY`
    /// when set (to run the end-to-end tests against another build, e.g. a release or an older one).
    static var path: String {
        if let p = ProcessInfo.processInfo.environment["LLMBENCH_BINARY"], !p.isEmpty { return p }
        let candidates = [".build/debug/llmbench", ".build/x86_64-unknown-linux-gnu/debug/llmbench",
                          ".build/aarch64-unknown-linux-gnu/debug/llmbench"]
        for c in candidates {
            let p = packageRoot.appendingPathComponent(c).path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot.appendingPathComponent(candidates[0]).path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `llmbench args…` (optionally inside a fresh network namespace with only loopback, so any
    /// traffic to another address fails), with `env` added to a minimal environment. Bounded: the
    /// process is killed after `timeout` seconds.
    static func run(_ args: [String], in directory: URL) throws -> Result {
        try run(args, cwd: directory)
    }

    /// `executable` runs another program the same way (e.g. `/bin/sh` to start an installed copy by its
    /// name on PATH, as a user would).
    static func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil, isolatedNetwork: Bool = false,
                    stdin: String? = nil, timeout: TimeInterval = 120, executable: String? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw NSError(domain: "llmbench.tests", code: 1,
                          userInfo: [NSLocalizedDescriptionKey: "\(path) is not built: run `swift build` first (make test does)"])
        }
        let p = Process()
        if isolatedNetwork {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
            let quoted = ([path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            p.arguments = ["-n", "sh", "-c", "ip link set lo up && exec \(quoted)"]
        } else {
            p.executableURL = URL(fileURLWithPath: executable ?? path)
            p.arguments = args
        }
        var environment = ["PATH": "/usr/sbin:/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
                           "LLMBENCH_DATA_DIR": packageRoot.appendingPathComponent("datasets").path]
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            group.wait()
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Whether this machine lets us make a network namespace (root with unshare and ip).
    static let canIsolateNetwork: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-n", "sh", "-c", "ip link set lo up"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
}

/// A fresh temporary directory per test.
func makeTempDir() throws -> URL {
    let u = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("llmbench-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}
