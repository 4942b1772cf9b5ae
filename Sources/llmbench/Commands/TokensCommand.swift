import Foundation
import Datasets
import LLMBenchCore
import Tokenizer

/// `llmbench tokens`: token counts (and optionally ids) of each line of a file, in o200k_base or cl100k_base.
struct TokensCommand: Command {
    static let name = "tokens"
    static let abstract = "Count the tokens of each line of a file with OpenAI's o200k_base or cl100k_base tokenizer."
    static let usage = "[options] FILE|-"
    static let options = Options()

    struct Options: OptionGroup {
        let encoding = Opt.choice("encoding", default: TokenEncoding.o200kBase, "The tokenizer: o200k_base (gpt-4o and later) or cl100k_base (gpt-4, gpt-3.5).")
        let ids = Opt.flag("ids", "Print each line's token ids after its count.")
        let wholeFile = Opt.flag("whole-file", "Encode the whole input as one text (line breaks included) instead of line by line.")
        let dataDir = DataDirectoryOptions()
    }

    static let discussion = """
    Each input line (without its line break) is encoded as tiktoken's encode_ordinary does; stdout has one
    line per input line: the count, then with --ids a tab and the ids separated by spaces. With --whole-file
    the input is one text and stdout one such line. The total goes to stderr. Input must be UTF-8 (exit 65 names the first line that is not).

    EXAMPLES:
      llmbench tokens prompts.txt
      printf 'hello world\\n' | llmbench tokens --encoding cl100k_base --ids -
    """
    /// The largest input read (1 GiB).
    static let maxInputBytes = 1 << 30

    var encoding: TokenEncoding
    var ids: Bool
    var wholeFile: Bool
    var input: String
    var dataDir: String?

    init(_ a: Arguments) throws {
        guard a.positionals.count == 1 else {
            throw LLMBenchError.usage("llmbench tokens takes one FILE (or - for stdin); see --help")
        }
        let o = Self.options
        input = a.positionals[0]
        encoding = try a.value(o.encoding)
        ids = a.has(o.ids)
        wholeFile = a.has(o.wholeFile)
        dataDir = try a.value(o.dataDir.dataDir)
    }

    func run() throws -> ExitCode {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: input) else {
                throw LLMBenchError.noInput("\(input): cannot read the file")
            }
            data = contents
        }
        let label = input == "-" ? "stdin" : input
        guard data.count <= Self.maxInputBytes else {
            throw LLMBenchError.data("\(label): larger than \(Self.maxInputBytes) bytes")
        }
        let bytes = [UInt8](data)
        var lines: [String] = []
        for range in wholeFile ? [0..<bytes.count] : Self.lines(bytes) {
            guard let line = String(validating: bytes[range], as: UTF8.self) else {
                throw LLMBenchError.data("\(label):\(lines.count + 1): not valid UTF-8")
            }
            lines.append(line)
        }
        // Loaded only once the input is known to be good (loading takes tens of milliseconds).
        let tokenizer = try TokenizerLocation.tokenizer(encoding, dataDir: dataDir)
        var out = ""
        var total = 0
        for line in lines {
            let lineIds = tokenizer.encode(line)
            total += lineIds.count
            out += String(lineIds.count)
            if ids { out += "\t" + lineIds.map(String.init).joined(separator: " ") }
            out += "\n"
            if out.utf8.count >= 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        Console.note("\(lines.count) lines, \(total) \(encoding.rawValue) tokens")
        return .ok
    }

    /// The byte ranges of the lines of `bytes`, without their `\n` (no empty last line after a final `\n`).
    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            ranges.append(start..<end)
            start = end + 1
        }
        return ranges
    }
}
