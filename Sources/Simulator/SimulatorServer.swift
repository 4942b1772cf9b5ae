import Foundation
import Glibc
import Synchronization

/// A failure to start the server, with the system call and `strerror` text.
public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public var description: String

    static func system(_ call: String) -> SimulatorError {
        let code = errno
        return SimulatorError(description: "simulator: \(call) failed: \(String(cString: strerror(code))) (errno \(code))")
    }
}

/// The loopback HTTP/1.1 server that imitates the OpenAI, Anthropic and Gemini APIs on one port.
///
/// `start` binds a listening socket and runs `config.eventLoopThreads` event loops (epoll,
/// non-blocking sockets, a timer heap per loop); `stop` closes everything and joins the threads.
public final class SimulatorServer: Sendable {
    private struct Running {
        var listenFd: Int32
        var port: UInt16
        var loops: [EventLoop]
        var done: [DispatchSemaphore]
    }

    private let router: Router
    private let running = Mutex<Running?>(nil)

    public init(config: SimulatorConfig = .default) {
        router = Router(config: config)
    }

    deinit { stop() }

    /// The configuration the server answers with.
    public var config: SimulatorConfig { router.config }

    /// Binds `host` (an IPv4 or IPv6 literal, e.g. `127.0.0.1` or `::1`) on `port` (0: the OS
    /// picks) and starts serving. Returns the bound port.
    /// - Throws: `SimulatorError` if the server is already running or a socket call fails.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: UInt16 = 0) throws -> UInt16 {
        try running.withLock { state in
            if state != nil { throw SimulatorError(description: "simulator: already running on port \(state!.port)") }
            Self.raiseOpenFileLimit()
            let (fd, bound) = try Self.listen(host: host, port: port)
            var loops: [EventLoop] = []
            do {
                for _ in 0..<router.config.eventLoopThreads { loops.append(try EventLoop(listenFd: fd, router: router)) }
            } catch {
                close(fd)
                throw error
            }
            var done: [DispatchSemaphore] = []
            for (i, loop) in loops.enumerated() {
                let sem = DispatchSemaphore(value: 0)
                let thread = Thread {
                    LinuxSyscalls.nameCurrentThread("llmbench-sim-\(i)")
                    loop.run()
                    sem.signal()
                }
                thread.name = "llmbench-simulator-\(i)"
                thread.start()
                done.append(sem)
            }
            state = Running(listenFd: fd, port: bound, loops: loops, done: done)
            return bound
        }
    }

    /// The bound port, or 0 when not running.
    public var port: UInt16 { running.withLock { $0?.port ?? 0 } }

    /// Closes the listener and every connection and joins the event-loop threads. Idempotent.
    public func stop() {
        guard let r = running.withLock({ state -> Running? in defer { state = nil }; return state }) else { return }
        for loop in r.loops { loop.requestStop() }
        for sem in r.done { sem.wait() }
        close(r.listenFd)
    }

    /// A snapshot of the counters: requests by path and model, responses by status, faults by kind.
    public var stats: SimulatorStats { router.stats.snapshot() }

    /// Raises this process's soft limit on open descriptors to its hard limit, so hundreds of
    /// connections (client and server sides, when in one process) fit.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    private static func listen(host: String, port: UInt16) throws -> (Int32, UInt16) {
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
        } else {
            throw SimulatorError(description: "simulator: host \"\(host)\" is not an IPv4 or IPv6 address literal")
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SimulatorError.system("socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 { _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size)) }
        let rc: Int32 = family == AF_INET
            ? withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            : withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        guard rc == 0 else {
            let e = SimulatorError.system("bind(\(host):\(port))")
            close(fd)
            throw e
        }
        guard Glibc.listen(fd, 4096) == 0 else {
            let e = SimulatorError.system("listen")
            close(fd)
            throw e
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let bound: UInt16 = withUnsafePointer(to: &storage) { p in
            family == AF_INET
                ? p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
                : p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
        }
        return (fd, bound)
    }
}
