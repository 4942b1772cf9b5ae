import LLMBenchCore
import Foundation
import Scheduler
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr while a run goes: requests done / planned, errors,
/// in flight, elapsed. Shown only when both stdout and stderr are terminals and `--quiet` is off.
final class ProgressLine: @unchecked Sendable {
    private let read: @Sendable () -> RunProgress
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    init(read: @escaping @Sendable () -> RunProgress) { self.read = read }

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
        let line = String(format: "\r\u{1B}[2K  requests %d/%d  errors %d  retries %d  in flight %d  elapsed %.1fs",
                          p.finished, p.planned, p.errors, p.retries, p.inFlight, Double(p.elapsedNs) / 1e9)
        FileHandle.standardError.write(Data(line.utf8))
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
