import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A source of monotonic time in integer nanoseconds. Injected everywhere time matters,
/// so tests can drive time by hand instead of sleeping.
public protocol MonotonicClock: Sendable {
    /// Nanoseconds on a monotonic clock with an arbitrary origin.
    func nowNs() -> Int64
    /// Blocks the calling thread until `nowNs() >= deadlineNs` (a real clock sleeps; a test clock advances).
    func sleep(untilNs deadlineNs: Int64)
}

/// `CLOCK_MONOTONIC`, read with `clock_gettime`: the one clock every timestamp of a run is taken on.
public struct SystemMonotonicClock: MonotonicClock {
    public init() {}

    @inline(__always)
    public func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    public func sleep(untilNs deadlineNs: Int64) {
        var ts = timespec(tv_sec: Int(deadlineNs / 1_000_000_000), tv_nsec: Int(deadlineNs % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }
}

/// A clock that only moves when told to: `sleep` jumps straight to the deadline.
public final class ManualClock: MonotonicClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    public init(startNs: Int64 = 0) { current = startNs }

    public func nowNs() -> Int64 { lock.withLock { current } }

    public func sleep(untilNs deadlineNs: Int64) {
        lock.withLock { if deadlineNs > current { current = deadlineNs } }
    }

    public func advance(byNs delta: Int64) { lock.withLock { current += delta } }
}
