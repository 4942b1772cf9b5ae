import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Readings of this process's own CPU time and memory, in base units (ns, bytes).
enum ProcessMetrics {
    /// User + system CPU time of every thread of this process so far, ns (`getrusage(RUSAGE_SELF)`).
    static func cpuTimeNs() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ns(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1_000 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }

    /// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), ns.
    static func threadCPUTimeNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Resident set size now (`VmRSS`), bytes; nil when /proc is unreadable.
    static func residentBytes() -> Int64? { statusField("VmRSS:") }

    /// Peak resident set size (`VmHWM`) since the process started or since `resetPeak()`, bytes.
    static func peakResidentBytes() -> Int64? { statusField("VmHWM:") }

    /// Resets `VmHWM` to the current RSS by writing 5 to /proc/self/clear_refs (proc(5), Linux ≥ 4.0);
    /// false when the kernel refuses, in which case the peak is the process's lifetime peak.
    @discardableResult
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// A `kB` field of /proc/self/status (proc(5)), converted to bytes.
    private static func statusField(_ name: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter(\.isNumber)
            return Int64(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// User + system CPU time of another process so far, ns: fields 14 and 15 of /proc/PID/stat
    /// (clock ticks, `sysconf(_SC_CLK_TCK)` per second); nil when unreadable.
    static func cpuTimeNs(pid: Int32) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let u = Int64(fields[11]), let s = Int64(fields[12]) else { return nil }
        let hz = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return (u + s) * 1_000_000_000 / max(1, hz)
    }

    /// Online CPUs (`sysconf(_SC_NPROCESSORS_ONLN)`).
    static var cpuCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// The kernel's timer slack of the main thread (the thread that runs the runner's scheduling loop).
enum TimerSlack {
    /// Current slack in ns, from /proc/PID/timerslack_ns (proc(5); it names the thread whose id is PID).
    static func mainThreadNs() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(getpid())/timerslack_ns", encoding: .utf8) else { return nil }
        return Int64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Sets the main thread's timer slack (an investigation knob: `--timer-slack-ns`); false if refused.
    @discardableResult
    static func setMainThread(ns: Int64) -> Bool {
        let fd = open("/proc/\(getpid())/timerslack_ns", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let text = String(ns)
        return write(fd, text, text.utf8.count) == text.utf8.count
    }
}
