import LLMBenchCore
import Store

/// The one map from errors of any module to a message and an exit code (sysexits.h): 64 usage,
/// 65 data (a file that is not a usable llmbench database), 66 a missing input (a file, run or
/// baseline that does not exist), 70 software, 74 I/O. Every command's errors go through it: main
/// maps what a command throws, and `mapping` maps at the call where the context is clearer.
enum ErrorMapping {
    /// The command-line error for `error`; an error no module knows is an internal one (70).
    static func map(_ error: any Error) -> LLMBenchError {
        storeError(error) ?? (error as? LLMBenchError) ?? LLMBenchError(.software, "\(error)")
    }

    /// The command-line error for a Store or SQLite error; nil for any other error.
    static func storeError(_ error: any Error) -> LLMBenchError? {
        switch error {
        case let e as StoreError:
            switch e {
            case .notFound, .runNotFound: return LLMBenchError(.noInput, e.description)
            case .invalidArgument: return LLMBenchError(.usage, e.description)
            case .notLLMBenchDatabase, .schemaTooNew, .schemaTooOld, .invalidValue: return LLMBenchError(.dataError, e.description)
            case .closed, .migrationBrokeForeignKeys: return LLMBenchError(.software, e.description)
            }
        case let e as DatabaseError:
            if e.isNotADatabase { return LLMBenchError(.dataError, e.description) }
            if e.isIOError { return LLMBenchError(.ioError, e.description) }
            return LLMBenchError(.software, e.description)
        default:
            return nil
        }
    }

    /// Runs `body`, mapping a Store or SQLite error it throws (other errors pass unchanged).
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw storeError(error) ?? error }
    }
}
