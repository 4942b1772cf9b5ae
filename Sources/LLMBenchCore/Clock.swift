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
    /// Blocks until `wakeup` is signalled or the clock reaches `deadlineNs` (`nil`: no deadline),
    /// whichever is first. Spurious returns are allowed: callers look again at what they wait for.
    func wait(for wakeup: Wakeup, untilNs deadlineNs: Int64?)
}

/// A signal that wakes a thread waiting through `MonotonicClock.wait(for:untilNs:)` (a counting
/// semaphore on the monotonic clock: no wall-clock `Date` is involved).
public final class Wakeup: @unchecked Sendable {
    fileprivate let semaphore = DispatchSemaphore(value: 0)
    public init() {}
    /// Wakes one wait (or the next one, if nobody waits now).
    public func signal() { semaphore.signal() }
    /// Consumes a pending signal without blocking; true when there was one.
    public func take() -> Bool { semaphore.wait(timeout: .now()) == .success }
    /// Waits for a signal at most `ns` nanoseconds of real time; true when signalled.
    fileprivate func wait(ns: Int64) -> Bool {
        semaphore.wait(timeout: .now() + .nanoseconds(Int(clamping: max(0, ns)))) == .success
    }
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

    /// Waits on the semaphore until 1 ms before the deadline, then sleeps the rest precisely with
    /// `clock_nanosleep` (semaphore timeouts are coarser); a deadline under 2 ms away is slept out.
    public func wait(for wakeup: Wakeup, untilNs deadlineNs: Int64?) {
        guard let deadline = deadlineNs else { _ = wakeup.wait(ns: Int64.max / 2); return }
        let remaining = deadline - nowNs()
        if remaining <= 0 { return }
        if remaining <= 2_000_000 { sleep(untilNs: deadline); return }
        _ = wakeup.wait(ns: remaining - 1_000_000)
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

    /// A pending signal returns at once; otherwise time jumps to the deadline. With no deadline it
    /// waits for a signal in real time, at most `realWaitLimitNs` (a test must not hang).
    public func wait(for wakeup: Wakeup, untilNs deadlineNs: Int64?) {
        if wakeup.take() { return }
        if let d = deadlineNs { sleep(untilNs: d); return }
        _ = wakeup.wait(ns: Self.realWaitLimitNs)
    }

    /// The longest real-time wait of `wait(for:untilNs: nil)`: 10 s.
    public static let realWaitLimitNs: Int64 = 10_000_000_000
}
