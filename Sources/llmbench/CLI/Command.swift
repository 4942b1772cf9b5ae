import Foundation
import LLMBenchCore

/// One subcommand: a name, a one-line abstract, its declared options, its exit codes, and what it does.
protocol Command: Sendable {
    /// The command's options, one stored property each (see `Option`).
    associatedtype Options: OptionGroup
    static var name: String { get }
    static var abstract: String { get }
    /// Usage line after `llmbench NAME`, e.g. `[options] FILE`.
    static var usage: String { get }
    static var options: Options { get }
    /// Extra help text (examples) shown under the options.
    static var discussion: String { get }
    /// What each exit code means for this command, listed in its help.
    static var exitCodes: [ExitCodeHelp] { get }
    /// Checks the arguments (usage errors, exit 64) before anything runs.
    init(_ args: Arguments) throws
    func run() throws -> ExitCode
}

/// One exit code and what it means for a command.
struct ExitCodeHelp: Sendable {
    var code: ExitCode
    var meaning: String
    init(_ code: ExitCode, _ meaning: String) { self.code = code; self.meaning = meaning }

    static let ok = ExitCodeHelp(.ok, "success")
    static let usage = ExitCodeHelp(.usage, "usage error: an unknown option, a bad value or a missing argument")
    static let data = ExitCodeHelp(.dataError, "bad data: a file that is not valid (dataset, config, price file, database)")
    static let missing = ExitCodeHelp(.noInput, "a missing input: a file, database, run or baseline that does not exist")
    static let software = ExitCodeHelp(.software, "an internal error (a bug in llmbench: please report it with the message)")
    static let io = ExitCodeHelp(.ioError, "an I/O error (a file that cannot be read or written, a full disk, a lock held too long)")
    /// The codes every command can return.
    static let common: [ExitCodeHelp] = [.ok, .usage, .data, .missing, .software, .io]
}

extension Command {
    static var usage: String { "[options]" }
    static var discussion: String { "" }
    static var exitCodes: [ExitCodeHelp] { ExitCodeHelp.common }

    /// Validates, then runs (one static entry point, so callers holding `any Command.Type` need no
    /// existential value).
    static func execute(_ args: Arguments) throws -> ExitCode {
        try Self(args).run()
    }

    static var helpText: String {
        var out = "OVERVIEW: \(abstract)\n\nUSAGE: llmbench \(name) \(usage)\n\nOPTIONS:\n"
        let rows = options.specs.map { o -> (String, String) in
            ("--\(o.name)" + (o.valueName.map { " \($0)" } ?? ""), o.fullHelp)
        } + [("--help", "Show this help.")]
        out += table(rows, width: 28)
        if !discussion.isEmpty { out += "\n\(discussion)\n" }
        out += "\nEXIT CODES:\n" + table(exitCodes.sorted { $0.code.rawValue < $1.code.rawValue }
            .map { (String($0.code.rawValue), $0.meaning) }, width: 3)
        return out
    }

    private static func table(_ rows: [(String, String)], width limit: Int) -> String {
        let width = min(limit, rows.map(\.0.count).max() ?? 0)
        var out = ""
        for (left, help) in rows {
            let pad = left.count < width ? String(repeating: " ", count: width - left.count) : left.count == width ? "" : "\n" + String(repeating: " ", count: width + 2)
            out += "  \(left)\(pad)  \(help)\n"
        }
        return out
    }
}

/// A subcommand as the dispatcher sees it: plain values and a closure (no existential metatypes).
struct CommandEntry: Sendable {
    var name: String
    var abstract: String
    var helpText: String
    var options: [OptionSpec]
    var execute: @Sendable (Arguments) throws -> ExitCode

    init<C: Command>(_ type: C.Type) {
        name = C.name
        abstract = C.abstract
        helpText = C.helpText
        options = C.options.specs
        execute = { try C.execute($0) }
    }
}
