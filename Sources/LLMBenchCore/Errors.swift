/// Process exit codes, as `sysexits.h` defines them, plus the shell's 128 + signal for a run stopped
/// by SIGHUP (129), SIGINT (130) or SIGTERM (143).
public enum ExitCode: Int32, Sendable {
    case ok = 0
    /// A gate or threshold failed (compare, --fail-on).
    case regression = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case software = 70
    case ioError = 74
    /// Stopped by SIGINT (Ctrl-C).
    case interrupted = 130
    /// Stopped by SIGHUP (the terminal went away).
    case hangUp = 129
    /// Stopped by SIGTERM (a CI timeout, `docker stop`, Kubernetes, systemd).
    case terminated = 143

    /// The code for a run stopped by `signal` (SIGHUP, SIGINT or SIGTERM).
    public static func stopped(bySignal signal: Int32) -> ExitCode {
        switch signal {
        case 1: return .hangUp
        case 15: return .terminated
        default: return .interrupted
        }
    }

    /// Whether this code means a signal stopped the run.
    public var isStopSignal: Bool { self == .interrupted || self == .hangUp || self == .terminated }
}

/// An error the command line turns into a message on stderr and an exit code.
/// The message says what went wrong and what to do next; it never contains a secret.
public struct LLMBenchError: Error, CustomStringConvertible, Sendable {
    public var exitCode: ExitCode
    public var message: String

    public init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public static func usage(_ m: String) -> LLMBenchError { .init(.usage, m) }
    public static func data(_ m: String) -> LLMBenchError { .init(.dataError, m) }
    public static func noInput(_ m: String) -> LLMBenchError { .init(.noInput, m) }
    public static func io(_ m: String) -> LLMBenchError { .init(.ioError, m) }

    public var description: String { message }
}
