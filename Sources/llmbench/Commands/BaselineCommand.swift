import Foundation
import LLMBenchCore
import Store

/// `llmbench baseline`: names a run as a reference for compare (`set`), lists names, shows one.
struct BaselineCommand: Command {
    static let name = "baseline"
    static let abstract = "Mark a run as a named baseline (e.g. last-good) for compare, list baselines, or show one."
    static let usage = "set NAME RUN | list | show NAME [--db PATH]"
    static let options = Options()

    struct Options: OptionGroup {
        let database = DatabaseOptions()
    }

    static let discussion = """
    RUN is latest, a run id or its first 8+ characters, a label, or another baseline name. Setting a
    name that exists moves it to the new run.

    EXAMPLES:
      llmbench baseline set last-good latest
      llmbench baseline set release-1.2 3f2a9c1e --db results.sqlite
      llmbench baseline list
      llmbench baseline show last-good
    """

    enum Action: Equatable { case set(name: String, run: String), list, show(name: String) }

    let action: Action
    let db: String

    init(_ args: Arguments) throws {
        db = try args.value(Self.options.database.db)
        let p = args.positionals
        let valid = "expected one of: set NAME RUN, list, show NAME"
        switch p.first {
        case "set":
            guard p.count == 3 else { throw LLMBenchError.usage("llmbench baseline set: needs NAME and RUN (e.g. baseline set last-good latest)") }
            guard p[1] != "latest", !p[1].isEmpty else {
                throw LLMBenchError.usage("llmbench baseline set: \"\(p[1])\" cannot be a baseline name (`latest` always means the newest run)")
            }
            action = .set(name: p[1], run: p[2])
        case "list":
            guard p.count == 1 else { throw LLMBenchError.usage("llmbench baseline list: takes no arguments (got '\(p[1])')") }
            action = .list
        case "show":
            guard p.count == 2 else { throw LLMBenchError.usage("llmbench baseline show: needs NAME (e.g. baseline show last-good)") }
            action = .show(name: p[1])
        case nil:
            throw LLMBenchError.usage("llmbench baseline: no action given (\(valid))")
        case let other?:
            throw LLMBenchError.usage("llmbench baseline: unknown action '\(other)' (\(valid))")
        }
    }

    func run() throws -> ExitCode {
        guard FileManager.default.fileExists(atPath: db) else {
            throw LLMBenchError.noInput("database \(db) does not exist (give an existing file with --db, or run `llmbench run` first)")
        }
        switch action {
        case .set(let name, let ref):
            let database = try ErrorMapping.mapping { try Database.open(path: db) }
            defer { try? database.close() }
            let run = try ErrorMapping.mapping { try database.resolveRun(ref) }
            let previous = try ErrorMapping.mapping { try database.baseline(name: name) }
            try ErrorMapping.mapping { try database.setBaseline(name: name, runId: run.id) }
            try ErrorMapping.mapping { try database.close() }
            var line = "baseline \(name) → run \(run.id)"
            if let label = run.label { line += " (label \(label))" }
            if let previous, previous != run.id { line += "; was \(previous)" }
            Console.out(line)
        case .list:
            let database = try ErrorMapping.mapping { try Database.open(path: db, readOnly: true) }
            defer { try? database.close() }
            let all = try ErrorMapping.mapping { try database.baselines() }
            if all.isEmpty { Console.out("no baselines set in \(db) (set one with `llmbench baseline set NAME RUN`)"); return .ok }
            let width = all.map(\.name.count).max() ?? 0
            for b in all {
                let run = try ErrorMapping.mapping { try database.run(id: b.runId) }
                var line = b.name + String(repeating: " ", count: width - b.name.count) + "  \(b.runId)  set \(b.setAt)"
                if let label = run?.label { line += "  label \(label)" }
                if run == nil { line += "  (run missing from this file)" }
                Console.out(line)
            }
        case .show(let name):
            let database = try ErrorMapping.mapping { try Database.open(path: db, readOnly: true) }
            defer { try? database.close() }
            guard let b = try ErrorMapping.mapping({ try database.baselines() }).first(where: { $0.name == name }) else {
                let names = try ErrorMapping.mapping { try database.baselines() }.map(\.name)
                throw LLMBenchError.noInput("no baseline \"\(name)\" in \(db)"
                    + (names.isEmpty ? " (none is set)" : " (set: \(names.joined(separator: ", ")))"))
            }
            Console.out("baseline: \(b.name)\nrun: \(b.runId)\nset at: \(b.setAt)")
            if let run = try ErrorMapping.mapping({ try database.run(id: b.runId) }) {
                var lines = ["started: \(run.startedAt)", "status: \(run.status.rawValue)"]
                if let label = run.label { lines.insert("label: \(label)", at: 0) }
                lines.append("requests stored: \(try ErrorMapping.mapping { try database.requestCount(runId: run.id) })")
                lines.append("simulated: \(run.simulated ? "yes" : "no")")
                Console.out(lines.joined(separator: "\n"))
            } else {
                Console.out("run missing from this file")
            }
        }
        return .ok
    }
}
