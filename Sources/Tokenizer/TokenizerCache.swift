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

    /// Builds the Unicode class table the pre-tokenizers share (otherwise built on the first encode).
    public static func prepareUnicodeTables() { _ = ScalarClass.table.count }

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
        let (blob, offsets) = try RanksFile.parse(bytes, path: path)
        guard offsets.count - 1 == encoding.tokenCount else {
            throw LLMBenchError.data("\(path): \(offsets.count - 1) tokens, expected \(encoding.tokenCount)")
        }
        let table = RankTable(blob: blob, offsets: offsets)
        var single: UInt8 = 0
        for byte in 0...255 {
            single = UInt8(byte)
            guard table.rank(&single, 1) != RankTable.absent else {
                throw LLMBenchError.data("\(path): byte \(byte) is not a token (every single byte must be)")
            }
        }
        return Tokenizer(encoding: encoding, table: table)
    }
}
