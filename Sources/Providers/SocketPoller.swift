import CCurl
import Glibc

/// The descriptors libcurl asked to watch, in one level-triggered `epoll` instance, plus an
/// `eventfd` that other threads write to wake the loop (epoll(7), eventfd(2)).
///
/// `wait` returns only the descriptors that are ready, so the work of one wake is proportional
/// to them and not to the number of open connections (what `curl_multi_poll` costs). Owned and
/// used by the transport's loop thread alone, except `wake()`, which any thread may call while
/// the poller is open.
///
/// A kept-alive connection between two requests: libcurl says "remove" when a response ends and
/// "watch for input" when the next request on that connection has been sent; doing both in the
/// kernel was three `epoll_ctl` calls per request (DEL, MOD failing with ENOENT, ADD). For
/// descriptors known to be libcurl's connections (`opened`/`closing`, from libcurl's socket-open
/// and close callbacks) a removal only marks the descriptor unwanted and keeps it in the epoll set
/// with its mask, so the next watch with the same mask costs no system call; an unwanted one that
/// turns ready (the server closed an idle connection) is taken out of the set then, and not
/// reported. Any other descriptor is added and removed as asked.
final class SocketPoller {
    /// The `epoll_event.data.u64` of the wake-up descriptor; sockets carry their fd.
    static let wakeTag = UInt64.max
    /// Events taken from the kernel per `epoll_wait`; more ready sockets are returned by the next call.
    static let batch = 1024

    let epfd: Int32
    let wakeFd: Int32
    private let events: UnsafeMutablePointer<epoll_event>
    /// Per descriptor number: what the kernel's epoll set holds for it and whether libcurl wants it.
    private var slots: [Slot] = []
    private struct Slot {
        /// The mask in the epoll set; 0: not in it.
        var kernelMask: UInt32 = 0
        var wanted = false
        /// A libcurl connection socket (opened through its callback, not yet closed).
        var connection = false
        /// Which of the transport's multi handles asked to watch it.
        var owner: Int32 = 0
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw Failure(description: "epoll_create1 failed: \(String(cString: strerror(errno)))") }
        wakeFd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFd >= 0 else {
            let e = Failure(description: "eventfd failed: \(String(cString: strerror(errno)))")
            Glibc.close(epfd)
            throw e
        }
        events = .allocate(capacity: Self.batch)
        var ev = epoll_event()
        ev.events = EPOLLIN.rawValue
        ev.data.u64 = Self.wakeTag
        _ = epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFd, &ev)
    }

    /// Closes both descriptors. No `wake()` may follow (the transport stops waking first).
    func close() {
        Glibc.close(wakeFd)
        Glibc.close(epfd)
        events.deallocate()
    }

    /// Makes the current or next `wait` return (eventfd(2): the counter is added to).
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFd, &one, 8)
    }

    /// Empties the wake-up counter (non-blocking).
    func clearWake() {
        var v: UInt64 = 0
        _ = read(wakeFd, &v, 8)
    }

    @inline(__always)
    private func slotIndex(_ fd: Int32) -> Int? {
        guard fd >= 0 else { return nil }
        let i = Int(fd)
        if i >= slots.count { slots.append(contentsOf: repeatElement(Slot(), count: max(i + 1, slots.count * 2) - slots.count)) }
        return i
    }

    /// libcurl opened connection socket `fd` (a new descriptor: not in the epoll set).
    func opened(_ fd: Int32) {
        guard let i = slotIndex(fd) else { return }
        slots[i] = Slot(kernelMask: 0, wanted: false, connection: true)
    }

    /// libcurl is about to close connection socket `fd`: it leaves the epoll set.
    func closing(_ fd: Int32) {
        guard let i = slotIndex(fd) else { return }
        if slots[i].kernelMask != 0 { _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil) }
        slots[i] = Slot()
    }

    /// Watches `fd` for what libcurl's socket callback asked (`CURL_POLL_IN`/`OUT`/`INOUT`), or
    /// stops watching it (`CURL_POLL_REMOVE`). A descriptor libcurl already closed is not an error.
    func watch(_ fd: Int32, what: Int32, owner: Int = 0) {
        guard let i = slotIndex(fd) else { return }
        slots[i].owner = Int32(truncatingIfNeeded: owner)
        if what == CURL_POLL_REMOVE {
            slots[i].wanted = false
            if !slots[i].connection {
                if slots[i].kernelMask != 0 { _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil) }
                slots[i].kernelMask = 0
            }
            return
        }
        var mask: UInt32 = 0
        if what & CURL_POLL_IN != 0 { mask |= EPOLLIN.rawValue }
        if what & CURL_POLL_OUT != 0 { mask |= EPOLLOUT.rawValue }
        slots[i].wanted = true
        if slots[i].kernelMask == mask { return }
        var ev = epoll_event()
        ev.events = mask
        ev.data.u64 = UInt64(UInt32(bitPattern: fd))
        if slots[i].kernelMask != 0 {
            if epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT {
                _ = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)
            }
        } else if epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0 && errno == EEXIST {
            _ = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev)
        }
        slots[i].kernelMask = mask
    }

    /// Takes an unwanted descriptor that turned ready out of the epoll set.
    private func dropUnwanted(_ fd: Int32) {
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil)
        slots[Int(fd)].kernelMask = 0
    }

    /// Waits at most `timeoutMs` (-1: no limit) and calls `ready` with each ready socket and its
    /// `CURL_CSELECT_*` flags and the owner `watch` was given; returns whether the wake-up descriptor fired.
    @inline(__always)
    func wait(timeoutMs: Int32, _ ready: (Int32, Int32, Int) -> Void) -> Bool {
        let n = epoll_wait(epfd, events, Int32(Self.batch), timeoutMs)
        var woken = false
        if n <= 0 { return false }
        for i in 0..<Int(n) {
            let ev = events[i]
            let tag = ev.data.u64
            if tag == Self.wakeTag { woken = true; continue }
            let fd = Int32(truncatingIfNeeded: tag)
            if Int(fd) < slots.count, !slots[Int(fd)].wanted { dropUnwanted(fd); continue }
            var flags: Int32 = 0
            if ev.events & EPOLLIN.rawValue != 0 { flags |= CURL_CSELECT_IN }
            if ev.events & EPOLLOUT.rawValue != 0 { flags |= CURL_CSELECT_OUT }
            if ev.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { flags |= CURL_CSELECT_ERR }
            ready(fd, flags, Int(fd) < slots.count ? Int(slots[Int(fd)].owner) : 0)
        }
        return woken
    }
}
