import Datasets
import Foundation
import LLMBenchCore
import Tokenizer

/// Finds the shipped ranks files (`datasets/tokenizers/`, in the data directory found as for datasets)
/// and returns the process's shared tokenizer.
enum TokenizerLocation {
    static func tokenizer(_ encoding: TokenEncoding, dataDir: String?,
                          environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Tokenizer {
        let directory = try DataDirectory.resolve(explicit: dataDir, environment: environment,
                                                  executablePath: Executable.path)
        return try TokenizerCache.tokenizer(encoding,
                                            directory: (directory.path as NSString).appendingPathComponent(TokenizerCache.subdirectory))
    }
}
