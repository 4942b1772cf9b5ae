import LLMBenchCore
import Foundation
import Scheduler
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr while a run goes: requests done / planned, errors, in
/// flight, rate (finished attempts per second), ETA, elapsed, then each model's done/planned and
/// errors (a model stopped by `--stop-after-failures` is marked `stopped`), cut to the terminal's
/// width. Shown only when both stdout and stderr are terminals and `--quiet` is off.
final class ProgressLine: @unchecked Sendable {
    private let read: @Sendable () -> RunProgress
    private let maxDurationNs: Int64?
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    init(maxDurationNs: Int64? = nil, read: @escaping @Sendable () -> RunProgress) {
        self.maxDurationNs = maxDurationNs
        self.read = read
    }

    func start() {
        let t = Thread { [self] in
            while !lock.withLock({ stopped }) {
                draw(read())
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        t.name = "llmbench-progress"
        thread = t
        t.start()
    }

    func stop() {
        lock.withLock { stopped = true }
        Thread.sleep(forTimeInterval: 0.3)
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private func draw(_ p: RunProgress) {
        let line = Self.text(p, maxDurationNs: maxDurationNs, width: Self.terminalWidth())
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    /// The line for `p`, at most `width` characters (the per-model part is dropped first, then cut).
    static func text(_ p: RunProgress, maxDurationNs: Int64?, width: Int) -> String {
        let rate = p.ratePerSecond.map { String(format: "%.1f/s", $0) } ?? "–/s"
        let eta = p.etaNs(maxDurationNs: maxDurationNs).map { "ETA \(duration($0))" } ?? "ETA –"
        var line = "  \(p.finished)/\(p.planned) done  errors \(p.errors)  retries \(p.retries)  in flight \(p.inFlight)  "
            + "\(rate)  \(eta)  elapsed \(duration(p.elapsedNs))"
        if p.models.count > 1 || p.models.contains(where: \.stopped) {
            let models = p.models.map { m in
                "\(m.model) \(m.finished)/\(m.planned)" + (m.errors > 0 ? " e\(m.errors)" : "") + (m.stopped ? " stopped" : "")
            }.joined(separator: ", ")
            if line.count + 3 + models.count <= width { line += "  | " + models }
        }
        return line.count > width ? String(line.prefix(max(0, width - 1))) + "…" : line
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ ns: Int64) -> String {
        let s = Int(ns / 1_000_000_000)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    /// Columns of the terminal on stderr (80 when unknown).
    static func terminalWidth() -> Int {
        var w = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 else { return 80 }
        return Int(w.ws_col)
    }
}

/// Turns SIGINT into a clean stop: the first Ctrl-C asks the run to stop (in-flight requests are
/// recorded as cancelled); a second one exits at once with 130.
final class InterruptHandler: @unchecked Sendable {
    /// The signals that stop a run cleanly: Ctrl-C, a terminal hang-up, and the SIGTERM that CI
    /// timeouts, `docker stop`, Kubernetes and systemd send.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0
    private var first: Int32?

    /// The first stop signal received, if any.
    var receivedSignal: Int32? { lock.withLock { first } }

    func install(onInterrupt: @escaping @Sendable () -> Void) {
        for sig in Self.signals {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [self] in
                let n = lock.withLock { () -> Int in
                    count += 1
                    if first == nil { first = sig }
                    return count
                }
                if n == 1 {
                    let name = sig == SIGINT ? "interrupted" : sig == SIGTERM ? "SIGTERM received" : "SIGHUP received"
                    FileHandle.standardError.write(Data("\nllmbench: \(name); stopping (send it again to quit at once)\n".utf8))
                    onInterrupt()
                } else {
                    exit(ExitCode.stopped(bySignal: sig).rawValue)
                }
            }
            s.resume()
            sources.append(s)
        }
    }

    func uninstall() {
        for s in sources { s.cancel() }
        sources = []
        for sig in Self.signals { signal(sig, SIG_DFL) }
    }
}
