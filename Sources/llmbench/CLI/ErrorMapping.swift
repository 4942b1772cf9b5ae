import LLMBenchCore
import Store

/// Turns an error from any module into a message and an exit code (sysexits: 64 usage, 65 data,
/// 66 no input, 70 software, 74 I/O).
enum ErrorMapping {
    static func map(_ error: any Error) -> LLMBenchError {
        switch error {
        case let e as LLMBenchError:
            return e
        case let e as StoreError:
            switch e {
            case .notFound: return LLMBenchError(.noInput, e.description)
            case .runNotFound, .invalidArgument: return LLMBenchError(.usage, e.description)
            case .notLLMBenchDatabase, .schemaTooNew, .schemaTooOld, .invalidValue: return LLMBenchError(.dataError, e.description)
            case .closed, .migrationBrokeForeignKeys: return LLMBenchError(.software, e.description)
            }
        case let e as DatabaseError:
            if e.isNotADatabase { return LLMBenchError(.dataError, e.description) }
            if e.isIOError { return LLMBenchError(.ioError, e.description) }
            return LLMBenchError(.software, e.description)
        default:
            return LLMBenchError(.software, "\(error)")
        }
    }
}
