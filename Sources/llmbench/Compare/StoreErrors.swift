import LLMBenchCore
import Store

/// Turns Store's errors into command-line errors with the exit codes of `sysexits.h`: a missing
/// file or run 66, a bad argument 64, a file that is not (a usable) llmbench database 65, an I/O
/// failure 74, anything else 70.
enum StoreErrors {
    static func map(_ error: any Error) -> any Error {
        switch error {
        case let e as StoreError:
            switch e {
            case .notFound, .runNotFound: return LLMBenchError(.noInput, e.description)
            case .invalidArgument: return LLMBenchError(.usage, e.description)
            case .notLLMBenchDatabase, .schemaTooNew, .schemaTooOld, .invalidValue: return LLMBenchError(.dataError, e.description)
            case .closed, .migrationBrokeForeignKeys: return LLMBenchError(.software, e.description)
            }
        case let e as DatabaseError:
            if e.isIOError { return LLMBenchError(.ioError, e.description) }
            if e.isNotADatabase { return LLMBenchError(.dataError, e.description) }
            return LLMBenchError(.software, e.description)
        default:
            return error
        }
    }

    /// Runs `body`, mapping any Store error it throws.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw map(error) }
    }
}
