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
    private var source: (any DispatchSourceSignal)?
    private let lock = NSLock()
    private var count = 0

    func install(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler { [self] in
            let n = lock.withLock { count += 1; return count }
            if n == 1 {
                FileHandle.standardError.write(Data("\nllmbench: interrupted; stopping (Ctrl-C again to quit at once)\n".utf8))
                onInterrupt()
            } else {
                exit(130)
            }
        }
        s.resume()
        source = s
    }

    func uninstall() {
        source?.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
