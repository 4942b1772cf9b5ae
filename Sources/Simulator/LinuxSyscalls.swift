import Glibc

/// epoll, eventfd and timerfd for the event loop. Swift's Glibc module does not import
/// `<sys/epoll.h>`, `<sys/eventfd.h>` or `<sys/timerfd.h>`, and Package.swift is fixed (no C
/// target for a shim), so the functions are looked up in the C library with `dlsym` and called
/// through `@convention(c)` pointers; the constants and the `epoll_event` layout are those of the
/// Linux headers (`struct epoll_event` is packed to 12 bytes on x86_64, 16 bytes elsewhere).
enum LinuxSyscalls {
    static let EPOLLIN: UInt32 = 0x001
    static let EPOLLOUT: UInt32 = 0x004
    static let EPOLLERR: UInt32 = 0x008
    static let EPOLLHUP: UInt32 = 0x010
    static let EPOLLRDHUP: UInt32 = 0x2000
    static let EPOLLEXCLUSIVE: UInt32 = 1 << 28
    static let EPOLL_CTL_ADD: Int32 = 1
    static let EPOLL_CTL_DEL: Int32 = 2
    static let EPOLL_CTL_MOD: Int32 = 3
    /// `EPOLL_CLOEXEC`, `EFD_CLOEXEC` and `TFD_CLOEXEC` all equal `O_CLOEXEC`.
    static let CLOEXEC = Int32(O_CLOEXEC)
    /// `EFD_NONBLOCK` and `TFD_NONBLOCK` equal `O_NONBLOCK`.
    static let NONBLOCK = Int32(O_NONBLOCK)
    static let TFD_TIMER_ABSTIME: Int32 = 1

    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    private typealias Create1 = @convention(c) (Int32) -> Int32
    private typealias Ctl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    private typealias TimerCreate = @convention(c) (Int32, Int32) -> Int32
    private typealias TimerSet = @convention(c) (Int32, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32

    private struct Table: @unchecked Sendable {
        let create1: Create1, ctl: Ctl, wait: Wait, eventfd: EventFD, timerCreate: TimerCreate, timerSet: TimerSet
    }

    private static let table: Table? = {
        guard let h = dlopen(nil, RTLD_NOW) else { return nil }
        func sym<T>(_ name: String, _ type: T.Type) -> T? {
            guard let p = dlsym(h, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
        guard let a = sym("epoll_create1", Create1.self), let b = sym("epoll_ctl", Ctl.self),
              let c = sym("epoll_wait", Wait.self), let d = sym("eventfd", EventFD.self),
              let e = sym("timerfd_create", TimerCreate.self), let f = sym("timerfd_settime", TimerSet.self) else { return nil }
        return Table(create1: a, ctl: b, wait: c, eventfd: d, timerCreate: e, timerSet: f)
    }()

    static var available: Bool { table != nil }

    private typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32

    /// Names the calling thread (`pthread_setname_np`, at most 15 bytes) so tools like `top -H`
    /// and /proc show it; does nothing if the C library lacks the call.
    static func nameCurrentThread(_ name: String) {
        guard let h = dlopen(nil, RTLD_NOW), let p = dlsym(h, "pthread_setname_np") else { return }
        let f = unsafeBitCast(p, to: SetName.self)
        _ = String(name.utf8.prefix(15))!.withCString { f(pthread_self(), $0) }
    }

    static func epollCreate() -> Int32 { table?.create1(CLOEXEC) ?? -1 }

    /// `epoll_ctl` with an event of `events` carrying `data` (nil event for DEL).
    static func epollCtl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32, data: UInt64) -> Int32 {
        guard let t = table else { return -1 }
        var raw = [UInt8](repeating: 0, count: 16)
        return raw.withUnsafeMutableBytes { buf in
            buf.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            buf.storeBytes(of: data, toByteOffset: dataOffset, as: UInt64.self)
            return t.ctl(epfd, op, fd, buf.baseAddress)
        }
    }

    /// `epoll_wait` into `buffer` (capacity `buffer.count / eventSize` events); returns the count.
    static func epollWait(_ epfd: Int32, _ buffer: UnsafeMutableRawBufferPointer, timeoutMs: Int32) -> Int32 {
        guard let t = table else { return -1 }
        return t.wait(epfd, buffer.baseAddress, Int32(buffer.count / eventSize), timeoutMs)
    }

    /// The `(events, data)` of the i-th event in an `epoll_wait` buffer.
    static func event(_ buffer: UnsafeMutableRawBufferPointer, _ i: Int) -> (events: UInt32, data: UInt64) {
        let base = i * eventSize
        return (buffer.loadUnaligned(fromByteOffset: base, as: UInt32.self),
                buffer.loadUnaligned(fromByteOffset: base + dataOffset, as: UInt64.self))
    }

    static func eventFD() -> Int32 { table?.eventfd(0, NONBLOCK | CLOEXEC) ?? -1 }

    static func timerFD() -> Int32 { table?.timerCreate(CLOCK_MONOTONIC, NONBLOCK | CLOEXEC) ?? -1 }

    /// Arms a timerfd to fire once at the absolute `CLOCK_MONOTONIC` time `deadlineNs` (≥ 1 ns).
    static func armTimer(_ fd: Int32, atNs deadlineNs: Int64) -> Int32 {
        guard let t = table else { return -1 }
        let d = max(deadlineNs, 1)
        var spec = itimerspec()
        spec.it_value = timespec(tv_sec: Int(d / 1_000_000_000), tv_nsec: Int(d % 1_000_000_000))
        return withUnsafePointer(to: &spec) { t.timerSet(fd, TFD_TIMER_ABSTIME, UnsafeRawPointer($0), nil) }
    }
}
