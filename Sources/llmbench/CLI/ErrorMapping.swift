import LLMBenchCore

/// Turns an error from any module into a message and an exit code.
enum ErrorMapping {
    static func map(_ error: any Error) -> LLMBenchError {
        if let e = error as? LLMBenchError { return e }
        return LLMBenchError(.software, "\(error)")
    }
}
