import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of the release CLI as a child process: its wall time and its own peak resident set
/// (`ru_maxrss` from `wait4(2)`, which covers only that child), in base units.
struct TimedChild {
    var wallNs: Int64
    var peakRSSBytes: Int64
    var exitCode: Int32

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs `llmbench ARGS` (the CLI beside this binary) with stdout and stderr sent to `outputPath`.
    static func run(_ arguments: [String], outputPath: String = "/dev/null") throws -> TimedChild {
        let binary = SimulatorProcess.cliPath()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "\(binary) not found: build the CLI first (swift build -c release --product llmbench)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(binary) failed: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let wall = Int64(DispatchTime.now().uptimeNanoseconds - start)
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return TimedChild(wallNs: wall, peakRSSBytes: Int64(usage.ru_maxrss) * 1024, exitCode: code)
    }

    /// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), as printed there.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
