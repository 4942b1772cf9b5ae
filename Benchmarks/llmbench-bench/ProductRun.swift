import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `llmbench run` itself (the release CLI beside this binary) as a child process against the C stub:
/// what the product holds, without the bench's own weight (its tables, its warm heap).
///
/// Peak RSS while sending = the highest `VmRSS` sampled every 20 ms while the child holds at least
/// half its streams' sockets open (it closes them all when the run stops sending); peak RSS of the
/// process = its own `VmHWM` at exit (written by the shim; `ru_maxrss` from `wait4` would count this
/// bench's RSS, which a posix_spawn'ed child shares until it execs), which includes the end-of-run
/// work (token counts, the report). Allocations come from the
/// `Benchmarks/alloc/alloc-count.c` shim loaded into the child (`LLMBENCH_ALLOC_OUT`), so they
/// include start-up and the report.
struct ProductRun {
    var requests: Int
    var errors: Int?
    var wallNs: Int64
    var cpuNs: Int64
    var sendingPeakRSSBytes: Int64?
    var peakRSSBytes: Int64
    var allocations: UInt64?
    var allocatedBytes: UInt64?

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs `llmbench run` with `requests` synthetic requests (128 tokens in, 32 out) at `streams`
    /// against the OpenAI-format server at `port`, its database in a fresh temporary directory.
    static func run(port: UInt16, streams: Int, requests: Int, shim: String?) throws -> ProductRun {
        let binary = SimulatorProcess.cliPath()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "\(binary) not found: build the CLI first (swift build -c release --product llmbench)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("llmbench-product-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = """
            {"models": [{"name": "stub", "kind": "openai", "base_url": "http://127.0.0.1:\(port)/v1", "model": "stub", "stream": true}]}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: dir + "/stub.json"))
        let arguments = ["run", "--config", dir + "/stub.json", "--synthetic", "input=128,output=32", "--requests", String(requests),
                         "--concurrency", String(streams), "--db", dir + "/run.sqlite", "--quiet", "--duration", "60s"]
        var env = ProcessInfo.processInfo.environment
        if let shim {
            env["LD_PRELOAD"] = shim
            env["LLMBENCH_ALLOC_OUT"] = dir + "/allocations"
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(binary) failed: \(String(cString: strerror(rc)))") }
        var sendingPeak: Int64?
        var polledPeak: Int64 = 0
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw Failure(description: "wait4 failed: \(String(cString: strerror(errno)))") }
            let rss = residentBytes(pid: pid)
            if let rss { polledPeak = max(polledPeak, rss) }
            if let rss, openDescriptors(pid: pid) >= max(2, streams / 2) { sendingPeak = max(sendingPeak ?? 0, rss) }
            usleep(20_000)
        }
        let wall = Int64(DispatchTime.now().uptimeNanoseconds - start)
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: dir + "/out.txt", encoding: .utf8)) ?? ""
        guard code == 0 else { throw Failure(description: "llmbench \(arguments.joined(separator: " ")) exited \(code): \(output.suffix(600))") }
        func ns(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1_000 }
        // The report's "| Errors | N |" row.
        let errors = output.split(separator: "\n").first { $0.hasPrefix("| Errors |") }
            .flatMap { Int($0.split(separator: "|").dropFirst().first?.filter(\.isNumber) ?? "") }
        var counts: [String: UInt64] = [:]
        if let text = try? String(contentsOfFile: dir + "/allocations", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let f = line.split(separator: " ")
                if f.count == 2, let v = UInt64(f[1]) { counts[String(f[0])] = v }
            }
        }
        return ProductRun(requests: requests, errors: errors, wallNs: wall, cpuNs: ns(usage.ru_utime) + ns(usage.ru_stime),
                          sendingPeakRSSBytes: sendingPeak, peakRSSBytes: counts["peak_rss_kb"].map { Int64($0) * 1024 } ?? polledPeak,
                          allocations: counts["allocations"], allocatedBytes: counts["bytes"])
    }

    private static func openDescriptors(pid: pid_t) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count ?? 0
    }

    private static func residentBytes(pid: pid_t) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int64(line.dropFirst(6).filter(\.isNumber)).map { $0 * 1024 }
        }
        return nil
    }
}
