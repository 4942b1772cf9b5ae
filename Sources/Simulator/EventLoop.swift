import Foundation
import Glibc
import Synchronization

private typealias Sys = LinuxSyscalls

/// One event-loop thread: an `epoll` instance watching the shared listener, its connections, an
/// `eventfd` for wake-ups and a `timerfd` armed at the earliest deadline of its timer heap. Every
/// socket is non-blocking; nothing blocks but `epoll_wait`. All state is confined to the thread
/// that runs `run()`; only `requestStop()` is called from other threads.
final class EventLoop: @unchecked Sendable {
    private static let listenerId: UInt64 = 0
    private static let wakeId: UInt64 = 1
    private static let timerId: UInt64 = 2
    /// Serial used for the lingering-close timer of a draining connection.
    private static let drainSerial = UInt64.max
    /// How long a closing connection is drained before it is closed regardless, ns.
    private static let drainNs: Int64 = 1_000_000_000
    /// Input buffered while a response is in progress beyond which the connection is dropped.
    private static let maxBufferedInput = 16 * 1024 * 1024

    private let epfd: Int32
    private let wakeFd: Int32
    private let timerFd: Int32
    private let listenFd: Int32
    private let router: Router
    private let stopping = Atomic<Bool>(false)

    private var connections: [UInt64: Connection] = [:]
    private var nextId: UInt64 = 3
    private var timers = TimerHeap()
    private var armedNs: Int64 = .max
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(listenFd: Int32, router: Router) throws {
        self.listenFd = listenFd
        self.router = router
        guard Sys.available else { throw SimulatorError(description: "simulator: epoll/eventfd/timerfd not found in the C library (Linux only)") }
        epfd = Sys.epollCreate()
        guard epfd >= 0 else { throw SimulatorError.system("epoll_create1") }
        wakeFd = Sys.eventFD()
        timerFd = Sys.timerFD()
        guard wakeFd >= 0, timerFd >= 0 else {
            let e = SimulatorError.system("eventfd/timerfd_create")
            close(epfd)
            throw e
        }
        try add(listenFd, id: Self.listenerId, events: Sys.EPOLLIN | Sys.EPOLLEXCLUSIVE)
        try add(wakeFd, id: Self.wakeId, events: Sys.EPOLLIN)
        try add(timerFd, id: Self.timerId, events: Sys.EPOLLIN)
    }

    private func add(_ fd: Int32, id: UInt64, events: UInt32) throws {
        guard Sys.epollCtl(epfd, Sys.EPOLL_CTL_ADD, fd, events: events, data: id) == 0 else { throw SimulatorError.system("epoll_ctl(ADD)") }
    }

    /// Asks the loop to close everything and return from `run()`; safe from any thread.
    func requestStop() {
        stopping.store(true, ordering: .releasing)
        var one: UInt64 = 1
        _ = write(wakeFd, &one, 8)
    }

    /// Runs until `requestStop()`, then closes its connections and descriptors.
    func run() {
        let events = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * Sys.eventSize, alignment: 8)
        defer { events.deallocate() }
        while !stopping.load(ordering: .acquiring) {
            let n = Sys.epollWait(epfd, events, timeoutMs: -1)
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in 0..<Int(n) {
                let (flags, id) = Sys.event(events, i)
                switch id {
                case Self.listenerId: acceptAll()
                case Self.wakeId: var v: UInt64 = 0; _ = read(wakeFd, &v, 8)
                case Self.timerId: var v: UInt64 = 0; _ = read(timerFd, &v, 8); armedNs = .max
                default:
                    guard let c = connections[id] else { continue }
                    if flags & (Sys.EPOLLIN | Sys.EPOLLHUP | Sys.EPOLLERR | Sys.EPOLLRDHUP) != 0 {
                        readable(c)
                    } else if flags & Sys.EPOLLOUT != 0 {
                        drive(c)
                    }
                }
            }
            fireTimers()
        }
        for c in Array(connections.values) { closeConnection(c) }
        close(timerFd)
        close(wakeFd)
        close(epfd)
    }

    private func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    private func acceptAll() {
        while true {
            let fd = accept(listenFd, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return   // EAGAIN (another loop took it), or EMFILE and the like: try on the next wake-up
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let c = Connection(fd: fd, id: nextId)
            nextId += 1
            guard Sys.epollCtl(epfd, Sys.EPOLL_CTL_ADD, fd, events: Sys.EPOLLIN | Sys.EPOLLRDHUP, data: c.id) == 0 else { close(fd); continue }
            connections[c.id] = c
        }
    }

    private func readable(_ c: Connection) {
        while true {
            let n = scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                if !c.draining { c.inbuf.append(contentsOf: scratch[0..<n]) }
                if c.inbuf.count - c.inStart > Self.maxBufferedInput { closeConnection(c); return }
                if n < scratch.count { break }
                continue
            }
            if n == 0 { closeConnection(c); return }            // the peer closed: nothing more to say
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            closeConnection(c)
            return
        }
        if !c.draining { drive(c) }
    }

    /// Advances the connection as far as it can go now: appends due steps, writes, finishes the
    /// plan, parses the next request. Iterative, so pipelined requests never recurse.
    private func drive(_ c: Connection) {
        while true {
            if var plan = c.plan {
                let t = now()
                while c.stepIndex < plan.steps.count, c.planStartNs + plan.steps[c.stepIndex].offsetNs <= t {
                    c.outbuf.append(contentsOf: plan.steps[c.stepIndex].bytes)
                    plan.steps[c.stepIndex].bytes = []
                    c.stepIndex += 1
                }
                c.plan = plan
                if c.stepIndex < plan.steps.count {
                    schedule(c, at: c.planStartNs + plan.steps[c.stepIndex].offsetNs)
                }
            }
            guard flush(c) else { return }
            if let plan = c.plan, c.stepIndex == plan.steps.count, !c.hasPendingOutput {
                c.plan = nil
                if plan.closeAfter { beginClose(c); return }
            }
            guard c.plan == nil, !c.hasPendingOutput, !c.draining else { return }
            switch c.parser.parse(c.inbuf, from: c.inStart) {
            case .needMore:
                c.compactInput()
                return
            case .sendContinue:
                c.outbuf.append(contentsOf: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            case .request(let request, let consumed):
                c.inStart += consumed
                c.compactInput()
                start(c, router.handle(request))
            case .reject(let status, let message):
                c.inStart = c.inbuf.count
                start(c, router.reject(status: status, message: message))
            }
        }
    }

    private func start(_ c: Connection, _ plan: ResponsePlan) {
        c.plan = plan
        c.planStartNs = now()
        c.stepIndex = 0
        c.serial &+= 1
        c.scheduledNs = nil
    }

    /// Writes queued bytes until done or the socket is full; false when the connection was closed.
    private func flush(_ c: Connection) -> Bool {
        while c.hasPendingOutput {
            let n = c.outbuf.withUnsafeBytes { buf in
                send(c.fd, buf.baseAddress! + c.outStart, buf.count - c.outStart, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { c.outStart += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                setWantsWrite(c, true)
                return true
            }
            closeConnection(c)
            return false
        }
        c.outbuf.removeAll(keepingCapacity: c.outbuf.capacity <= 256 * 1024)
        c.outStart = 0
        setWantsWrite(c, false)
        return true
    }

    private func setWantsWrite(_ c: Connection, _ on: Bool) {
        guard c.wantsWrite != on else { return }
        c.wantsWrite = on
        _ = Sys.epollCtl(epfd, Sys.EPOLL_CTL_MOD, c.fd, events: Sys.EPOLLIN | Sys.EPOLLRDHUP | (on ? Sys.EPOLLOUT : 0), data: c.id)
    }

    private func schedule(_ c: Connection, at deadline: Int64) {
        guard c.scheduledNs != deadline else { return }
        c.scheduledNs = deadline
        timers.push(TimerHeap.Entry(deadlineNs: deadline, connection: c.id, serial: c.draining ? Self.drainSerial : c.serial))
    }

    private func fireTimers() {
        let t = now()
        while let e = timers.popDue(nowNs: t) {
            guard let c = connections[e.connection], c.scheduledNs == e.deadlineNs else { continue }
            c.scheduledNs = nil
            if e.serial == Self.drainSerial {
                if c.draining { closeConnection(c) }
            } else if e.serial == c.serial, !c.draining {
                drive(c)
            }
        }
        if let next = timers.earliest?.deadlineNs, next != armedNs {
            armedNs = next
            _ = Sys.armTimer(timerFd, atNs: next)
        }
    }

    /// Ends our side of the connection and drains what the client still sends, so the response
    /// is not destroyed by a reset; closes on EOF or after `drainNs`.
    private func beginClose(_ c: Connection) {
        c.draining = true
        c.inbuf = []
        c.inStart = 0
        _ = shutdown(c.fd, Int32(SHUT_WR))
        schedule(c, at: now() + Self.drainNs)
    }

    private func closeConnection(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        _ = Sys.epollCtl(epfd, Sys.EPOLL_CTL_DEL, c.fd, events: 0, data: 0)
        close(c.fd)
    }
}
