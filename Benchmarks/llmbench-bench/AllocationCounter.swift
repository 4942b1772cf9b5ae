import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Heap allocation counts of this process, from `Benchmarks/alloc/alloc-count.c` (an LD_PRELOAD
/// shim counting malloc, calloc, realloc and the aligned allocators of every thread).
///
/// The shim has to be loaded before the process starts, so `reexecIfWanted` compiles it with the
/// system `cc` and re-executes the bench (`/proc/self/exe`, same arguments) with it in `LD_PRELOAD`.
/// A scenario reads `snapshot()` before and after a level: allocations per request =
/// Δ`allocations` / requests (whole process: scheduler, transport, SSE parsing, recording, SQLite).
enum AllocationCounter {
    /// Counts so far, summed over every thread.
    struct Snapshot: Sendable {
        var allocations: UInt64
        var frees: UInt64
        var bytes: UInt64
    }

    private typealias Reader = @convention(c) () -> UInt64

    /// The shim's source, found from this file's path (the bench runs from a checkout).
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("alloc/alloc-count.c")

    /// Set in the re-executed process (to the shim's directory), so a shim that fails to load does not loop.
    private static let triedVariable = "LLMBENCH_ALLOC_SHIM_TRIED"

    /// The counts now; nil when the shim is not loaded.
    static func snapshot() -> Snapshot? {
        guard let a = reader("llmbench_alloc_count"), let f = reader("llmbench_free_count"),
              let b = reader("llmbench_alloc_bytes") else { return nil }
        return Snapshot(allocations: a(), frees: f(), bytes: b())
    }

    static var isLoaded: Bool { reader("llmbench_alloc_count") != nil }

    private static func reader(_ name: String) -> Reader? {
        // A nil handle is RTLD_DEFAULT: every object loaded in the process, the preloaded shim first.
        dlsym(nil, name).map { unsafeBitCast($0, to: Reader.self) }
    }

    /// Re-executes this process under the shim when `wanted` and it is not loaded yet (returns only
    /// when it is loaded, or when it cannot be: no `cc`, or a second try). `LLMBENCH_ALLOC_COUNT=0`
    /// turns counting off. Once loaded, `LD_PRELOAD` is removed from the environment so the child
    /// processes the bench starts (stub, simulator, `cc`) are not counted or slowed.
    static func reexecIfWanted(_ wanted: Bool) {
        let env = ProcessInfo.processInfo.environment
        if isLoaded {
            if let p = env["LD_PRELOAD"] {
                let rest = p.split(separator: ":").filter { !$0.hasSuffix("/alloc-count.so") }.joined(separator: ":")
                if rest.isEmpty { unsetenv("LD_PRELOAD") } else { setenv("LD_PRELOAD", rest, 1) }
            }
            if let dir = env[triedVariable], dir.contains("llmbench-alloc-") { try? FileManager.default.removeItem(atPath: dir) }
            unsetenv(triedVariable)
            return
        }
        guard wanted, env["LLMBENCH_ALLOC_COUNT"] != "0", env[triedVariable] == nil else { return }
        guard let (dir, shim) = try? build() else {
            FileHandle.standardError.write(Data("llmbench-bench: could not build \(source.path) with cc; allocations are not counted\n".utf8))
            return
        }
        setenv(triedVariable, dir, 1)
        setenv("LD_PRELOAD", (env["LD_PRELOAD"].map { $0 + ":" } ?? "") + shim, 1)
        let argv = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", argv)
        FileHandle.standardError.write(Data("llmbench-bench: could not re-execute under the allocation counter (errno \(errno))\n".utf8))
    }

    /// Compiles the shim into a fresh temporary directory (the re-executed process removes it once
    /// the shim is mapped); returns the directory and the .so path.
    static func build() throws -> (String, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-alloc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("alloc-count.so").path
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-O2", "-shared", "-fPIC", "-o", out, source.path]
        try cc.run()
        cc.waitUntilExit()
        guard cc.terminationStatus == 0 else { throw StubProcess.Failure(description: "cc could not build \(source.path)") }
        return (dir.path, out)
    }
}
