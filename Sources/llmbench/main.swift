import Foundation
import LLMBenchCore

/// Every subcommand, in the order `llmbench --help` lists them.
let commands: [CommandEntry] = allCommands

func topLevelHelp() -> String {
    var out = """
    OVERVIEW: llmbench measures what LLM APIs cost, how fast they answer and how well.

    USAGE: llmbench <subcommand> [options]

    SUBCOMMANDS:

    """
    let width = commands.map { $0.name.count }.max() ?? 0
    for c in commands {
        out += "  \(c.name)\(String(repeating: " ", count: width - c.name.count))  \(c.abstract)\n"
    }
    out += """

    See 'llmbench <subcommand> --help' for a subcommand's options and exit codes.
    Exit codes: 0 ok, 1 a gate failed, 64 usage error, 65 bad data, 66 missing input (file, database,
    run or baseline), 70 internal error, 74 I/O error, 129/130/143 a run stopped by SIGHUP/SIGINT/SIGTERM.

    """
    return out
}

/// The README's command reference: every subcommand's `--help`, as Markdown (`llmbench help --reference`;
/// CommandReferenceEndToEndTests checks that README.md holds exactly this).
func commandReference() -> String {
    var out = "```text\n$ llmbench --help\n" + topLevelHelp() + "```\n"
    for c in commands {
        out += "\n#### `llmbench \(c.name)`\n\n```text\n\(c.helpText)```\n"
    }
    return out
}

func runMain() -> Int32 {
    var argv = Array(CommandLine.arguments.dropFirst())
    guard let first = argv.first else {
        FileHandle.standardError.write(Data(topLevelHelp().utf8))
        return ExitCode.usage.rawValue
    }
    if first == "--help" || first == "-h" || first == "help" {
        if first == "help", argv.count > 1, argv[1] == "--reference" {
            print(commandReference(), terminator: "")
        } else if first == "help", argv.count > 1, let c = commands.first(where: { $0.name == argv[1] }) {
            print(c.helpText, terminator: "")
        } else {
            print(topLevelHelp(), terminator: "")
        }
        return 0
    }
    if first == "--version" {
        print("llmbench \(BuildInfo.version) (commit \(BuildInfo.commit))")
        return 0
    }
    guard let command = commands.first(where: { $0.name == first }) else {
        let names = commands.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("llmbench: unknown subcommand '\(first)' (valid: \(names))\n".utf8))
        return ExitCode.usage.rawValue
    }
    argv.removeFirst()
    if argv.contains("--help") || argv.contains("-h") {
        print(command.helpText, terminator: "")
        return 0
    }
    do {
        let parsed = try Arguments(argv, specs: command.options, command: command.name)
        return try command.execute(parsed).rawValue
    } catch let e as LLMBenchError {
        FileHandle.standardError.write(Data("error: \(e.message)\n".utf8))
        return e.exitCode.rawValue
    } catch {
        let mapped = ErrorMapping.map(error)
        FileHandle.standardError.write(Data("error: \(mapped.message)\n".utf8))
        return mapped.exitCode.rawValue
    }
}

exit(runMain())
