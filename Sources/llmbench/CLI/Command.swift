import LLMBenchCore

/// One subcommand: a name, a one-line abstract, its options, and what it does.
protocol Command: Sendable {
    static var name: String { get }
    static var abstract: String { get }
    /// Usage line after `llmbench NAME`, e.g. `[options] FILE`.
    static var usage: String { get }
    static var options: [OptionSpec] { get }
    /// Extra help text (examples) shown under the options.
    static var discussion: String { get }
    /// Checks the arguments (usage errors, exit 64) before anything runs.
    init(_ args: Arguments) throws
    func run() throws -> ExitCode
}

extension Command {
    static var usage: String { "[options]" }

    /// Validates, then runs (one static entry point, so callers holding `any Command.Type` need no
    /// existential value).
    static func execute(_ args: Arguments) throws -> ExitCode {
        try Self(args).run()
    }
    static var discussion: String { "" }

    static var helpText: String {
        var out = "OVERVIEW: \(abstract)\n\nUSAGE: llmbench \(name) \(usage)\n\nOPTIONS:\n"
        let rows = options.map { o -> (String, String) in
            ("--\(o.name)" + (o.valueName.map { " \($0)" } ?? ""), o.help)
        } + [("--help", "Show this help.")]
        let width = min(28, rows.map(\.0.count).max() ?? 0)
        for (left, help) in rows {
            let pad = left.count < width ? String(repeating: " ", count: width - left.count) : "\n" + String(repeating: " ", count: width + 2)
            out += "  \(left)\(pad)  \(help)\n"
        }
        if !discussion.isEmpty { out += "\n\(discussion)\n" }
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
        options = C.options
        execute = { try C.execute($0) }
    }
}
