import Foundation
import LLMBenchCore
import Synchronization

/// Loads each encoding's ranks file once per process and hands the same `Tokenizer` to every caller.
///
/// The file is `DIRECTORY/<encoding>.tiktoken` (the binary passes `datasets/tokenizers`, found the way the
/// shipped datasets are); its SHA-256 must equal the published one, else the load fails with exit code 65
/// (corrupt) or 66 (missing), naming the file and saying how to restore it.
public enum TokenizerCache {
    /// The subdirectory of the data directory that holds the ranks files.
    public static let subdirectory = "tokenizers"

    private static let loaded = Mutex<[String: Tokenizer]>([:])

    /// The tokenizer for `encoding` read from `directory` (loaded on first use, then shared).
    public static func tokenizer(_ encoding: TokenEncoding, directory: String) throws -> Tokenizer {
        let path = (directory as NSString).appendingPathComponent(encoding.fileName)
        return try loaded.withLock { cache in
            if let tokenizer = cache[path] { return tokenizer }
            let tokenizer = try load(encoding, path: path)
            cache[path] = tokenizer
            return tokenizer
        }
    }

    /// Reads, verifies and parses one ranks file (no caching).
    public static func load(_ encoding: TokenEncoding, path: String) throws -> Tokenizer {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMBenchError.noInput("\(path): cannot read the \(encoding.rawValue) ranks file; "
                + "it ships in the repository's datasets/\(subdirectory)/ (see the README there), "
                + "pass --data-dir DIR or set LLMBENCH_DATA_DIR")
        }
        let bytes = [UInt8](data)
        let digest = SHA256.hex(of: bytes)
        guard digest == encoding.sha256 else {
            throw LLMBenchError.data("\(path): SHA-256 is \(digest), expected \(encoding.sha256) "
                + "(the published \(encoding.rawValue) ranks); the file is corrupt or another file: restore it "
                + "from the repository (datasets/\(subdirectory)/README.md says where it comes from)")
        }
        let tokens = try RanksFile.parse(bytes, path: path)
        guard tokens.count == encoding.tokenCount, tokens.allSatisfy({ !$0.isEmpty }),
              Set(tokens.filter { $0.count == 1 }.map { $0[0] }).count == 256 else {
            throw LLMBenchError.data("\(path): expected \(encoding.tokenCount) tokens including all 256 single bytes")
        }
        return Tokenizer(encoding: encoding, table: RankTable(tokens: tokens))
    }
}
