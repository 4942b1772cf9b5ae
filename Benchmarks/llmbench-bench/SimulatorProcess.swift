import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `llmbench simulate` CLI run as a child process, so its CPU time is not the bench's.
///
/// The binary is looked for beside this executable (the directory of /proc/self/exe: both products
/// of one `swift build -c release` land in `.build/release`). The bound port is read from the first
/// stdout line, `llmbench simulate: listening on http://127.0.0.1:PORT …`.
final class SimulatorProcess {
    let process: Process
    let port: UInt16
    private let output: Pipe

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Starts `llmbench simulate --port 0 --time-scale 0` and waits (at most 10 s) for its port.
    init(extraArguments: [String] = []) throws {
        let binary = Self.cliPath()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "\(binary) not found: build the CLI first (swift build -c release --product llmbench)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["simulate", "--port", "0", "--time-scale", "0"] + extraArguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()

        // Read bytes up to the first newline (bounded: 10 s, 4 KiB).
        let fd = output.fileHandleForReading.fileDescriptor
        var line: [UInt8] = []
        let deadline = Date().addingTimeInterval(10)
        var byte: UInt8 = 0
        while line.count < 4096, Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            guard read(fd, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://127.0.0.1:"),
              let port = UInt16(text[range.upperBound...].prefix(while: \.isNumber)) else {
            process.terminate()
            throw Failure(description: "\(binary) simulate did not print its port (first line: \"\(text)\")")
        }
        self.port = port
    }

    var pid: Int32 { process.processIdentifier }

    /// The simulator's CPU time so far, ns.
    var cpuTimeNs: Int64? { ProcessMetrics.cpuTimeNs(pid: pid) }

    /// SIGTERM, then waits for the exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// `llmbench` in the directory of this executable.
    static func cliPath() -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("llmbench").path
    }
}
