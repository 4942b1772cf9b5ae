import Foundation
import Glibc
import Testing
@testable import Simulator

/// Not a test: with `LLMBENCH_SIM_LOAD=1`, measures streamed requests/s that blocking client
/// threads get from the simulator's `instant` profile over keep-alive connections, and the event
/// loop threads' CPU time per request (from /proc). Printed, never asserted. Skipped otherwise.
@Suite(.serialized) struct LoadProbe {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LLMBENCH_SIM_LOAD"] != nil),
          arguments: [16, 64, 256])
    func streamedRequestsPerSecond(connections: Int) throws {
        let server = SimulatorServer(config: SimulatorConfig(timeScale: 0, eventLoopThreads: 1))
        let port = try server.start()
        defer { server.stop() }
        let body = openAIBody(model: "instant", stream: true, usage: true)
        let request = Array("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        let done = Counter(), errors = Counter()
        let deadline = Date().addingTimeInterval(3)
        let cpuBefore = serverThreadCPUSeconds()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: connections) { _ in
            guard let c = try? TestHTTPClient(port: port) else { errors.add(); return }
            var buf = [UInt8](repeating: 0, count: 65536)
            for _ in 0..<100_000 where Date() < deadline {
                do { try c.sendRaw(request) } catch { errors.add(); return }
                var tail: [UInt8] = []
                while true {
                    let n = c.withFD { fd in buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } }
                    if n <= 0 { errors.add(); return }
                    tail = Array((tail + buf[0..<n]).suffix(5))
                    if tail == Array("0\r\n\r\n".utf8) { break }
                }
                done.add()
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let cpu = serverThreadCPUSeconds() - cpuBefore
        print("LOAD connections=\(connections) requests=\(done.value) errors=\(errors.value) req/s=\(Int(Double(done.value) / elapsed)) server_cpu_ms_per_req=\(String(format: "%.4f", cpu * 1000 / Double(max(1, done.value))))")
    }
}

/// utime + stime of this process's threads named `llmbench-sim-N`, seconds.
func serverThreadCPUSeconds() -> Double {
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    var total = 0.0
    for tid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [] {
        guard let comm = try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8), comm.hasPrefix("llmbench-sim-"),
              let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is state (field 3); utime and stime are fields 14 and 15.
        if fields.count > 12, let u = Double(fields[11]), let s = Double(fields[12]) { total += (u + s) / ticks }
    }
    return total
}

extension TestHTTPClient {
    func withFD<T>(_ body: (Int32) -> T) -> T { body(fileDescriptor) }
}
