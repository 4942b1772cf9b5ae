import Foundation
import LLMBenchCore
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine and build a run records in its `runs` row.
enum HostInfo {
    static var hostname: String { ProcessInfo.processInfo.hostName }

    /// `sysname release machine` from uname(2), e.g. `Linux 6.1.0 x86_64`.
    static var os: String {
        var u = utsname()
        guard uname(&u) == 0 else { return ProcessInfo.processInfo.operatingSystemVersionString }
        func field<T>(_ v: T) -> String {
            withUnsafeBytes(of: v) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
    }

    static var cpuCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// ISO 8601 UTC with milliseconds, e.g. `2026-11-25T00:30:12.345Z`.
    static func isoNow() -> String { UTCTimestamp.format(unixNs: wallClockNs()) }

    /// The wall clock, ns since the Unix epoch (`clock_gettime(CLOCK_REALTIME)`: full ns precision,
    /// where `Date` keeps a Double of seconds).
    static func wallClockNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    /// Today's date in UTC, `YYYY-MM-DD` (what catalog dates are compared with).
    static func today() -> String { String(isoNow().prefix(10)) }
}
