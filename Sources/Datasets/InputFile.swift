import Foundation
import LLMBenchCore

/// Reads a file a user named (a data file, a manifest, a template) with the errors every one of them gives.
enum InputFile {
    /// The bytes at `path`. A missing file, a directory or an unreadable file is exit 66
    /// (`path: no such WHAT`); a file over `maxBytes` is exit 65 and is not read whole.
    static func read(_ path: String, what: String, maxBytes: Int? = nil) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LLMBenchError.noInput("\(path): no such \(what)")
        }
        guard !isDirectory.boolValue else { throw LLMBenchError.noInput("\(path): is a directory, not a \(what)") }
        if let maxBytes, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            throw LLMBenchError.data("\(path): a \(what) may hold at most \(maxBytes) bytes (this one has \(size))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMBenchError.noInput("\(path): cannot be read (check its permissions)")
        }
        if let maxBytes, data.count > maxBytes {
            throw LLMBenchError.data("\(path): a \(what) may hold at most \(maxBytes) bytes (this one has \(data.count))")
        }
        return data
    }
}
