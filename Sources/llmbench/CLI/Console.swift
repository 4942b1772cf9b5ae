import Foundation

/// Output of the command line: results to stdout, notes and errors to stderr.
enum Console {
    /// Writes `text` to stdout (a newline is added when missing). Checked on the last byte: in Swift
    /// `"\r\n"` is one Character, so `hasSuffix("\n")` is false for CSV's CRLF rows and would add a
    /// blank line that strict CSV readers (Python's `csv`) read as an empty row.
    static func out(_ text: String) {
        let t = text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n"
        FileHandle.standardOutput.write(Data(t.utf8))
    }

    /// A note for the person at the terminal (stderr, so stdout stays machine-readable).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A warning on stderr.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }

    /// Writes `text` to `path` atomically (a temporary file renamed into place), or to stdout when nil.
    static func emit(_ text: String, to path: String?) throws {
        guard let path else { out(text); return }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw LLMBenchErrorIO.cannotWrite(path, error)
        }
    }
}

import LLMBenchCore

enum LLMBenchErrorIO {
    static func cannotWrite(_ path: String, _ error: any Error) -> LLMBenchError {
        LLMBenchError.io("\(path): cannot write (\((error as NSError).localizedDescription))")
    }
}
