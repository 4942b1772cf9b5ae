import Foundation
import LLMBenchCore
import Store

/// `llmbench merge`: copies the runs of several database files into one, keeping every row.
struct MergeCommand: Command {
    static let name = "merge"
    static let abstract = "Merge the runs of several database files into one, keeping every row and its provenance."
    static let usage = "A.sqlite [B.sqlite …] --into ALL.sqlite"
    static let options = Options()

    struct Options: OptionGroup {
        let into = Opt.string("into", "PATH", "The database to merge into (created when missing; required).")
    }

    static let discussion = """
    Each run the target lacks is copied with all its requests, prices and scores, and records the file
    it came from; a run already in the target (same id) is skipped and listed. Baselines are copied
    when the target has none of that name. Input files are only read. Exit 66 when an input is missing.

    Shards of one run group (`run --shard I/N --run-group ID`) are put together as one run once all N
    are in the target: every attempt of every shard, times on one wall-clock time line (idle gaps
    between the shards' active windows left out, so throughput is over the union of their windows).
    When a shard appears twice (a retried pod) the complete run is kept and the other named. The group
    run's id is printed; `--run ID` (the group id) selects it in report and compare, and `latest` is it.

    EXAMPLES:
      llmbench merge shard-1.sqlite shard-2.sqlite shard-3.sqlite --into all.sqlite
      llmbench merge yesterday.sqlite --into llmbench.sqlite
      llmbench merge shards/*.sqlite --into nightly.sqlite && llmbench report --db nightly.sqlite --run nightly-42
    """

    /// One line about a run group: put together (and from which shards), or why not.
    static func describe(_ g: RunGroupMerge, into: String) -> String {
        let n = g.shardCount
        var line = "run group \(g.group): "
        if let problem = g.problem { return line + "not put together: \(problem)" }
        if !g.missing.isEmpty {
            return line + "\(g.kept.count) of \(n) shards in \(into); missing shard\(g.missing.count == 1 ? "" : "s") "
                + g.missing.map { "\($0)/\(n)" }.joined(separator: ", ") + ": not put together yet (merge the missing file\(g.missing.count == 1 ? "" : "s") to finish it)"
        }
        line += g.unchanged ? "run \(g.runId!.prefix(8)) already holds its \(n) shard\(n == 1 ? "" : "s")"
            : "\(n) shard\(n == 1 ? "" : "s") put together as run \(g.runId!.prefix(8)) (\(g.requests) request rows)"
        for d in g.dropped {
            line += "; shard \(d.shard)/\(n) appears twice: kept run \(d.keptRunId.prefix(8)), left out \(d.runId.prefix(8)) (\(d.why))"
        }
        return line
    }

    let inputs: [String]
    let into: String

    init(_ args: Arguments) throws {
        guard let into = try args.value(Self.options.into) else {
            throw LLMBenchError.usage("llmbench merge: --\(Self.options.into.spec.name) PATH is required (e.g. llmbench merge a.sqlite b.sqlite --into all.sqlite)")
        }
        guard !args.positionals.isEmpty else {
            throw LLMBenchError.usage("llmbench merge: give at least one database file to merge (e.g. llmbench merge a.sqlite --into all.sqlite)")
        }
        self.inputs = args.positionals
        self.into = into
    }

    func run() throws -> ExitCode {
        for path in inputs where !FileManager.default.fileExists(atPath: path) {
            throw LLMBenchError.noInput("\(path): no such database file (nothing was merged)")
        }
        let target = try ErrorMapping.mapping { try Database.open(path: into) }
        defer { try? target.close() }
        var totalRuns = 0, totalRequests = 0
        for path in inputs {
            let s = try ErrorMapping.mapping { try target.merge(from: path) }
            totalRuns += s.runs
            totalRequests += s.requests
            var line = "merged \(path): \(s.runs) run\(s.runs == 1 ? "" : "s"), \(s.requests) request row\(s.requests == 1 ? "" : "s")"
            if s.baselines > 0 { line += ", \(s.baselines) baseline\(s.baselines == 1 ? "" : "s")" }
            if !s.skippedRunIds.isEmpty {
                line += "; skipped \(s.skippedRunIds.count) run\(s.skippedRunIds.count == 1 ? "" : "s") already in \(into): "
                    + s.skippedRunIds.map { String($0.prefix(8)) }.joined(separator: ", ")
            }
            Console.out(line)
        }
        for g in try ErrorMapping.mapping({ try target.combineRunGroups() }) {
            Console.out(Self.describe(g, into: into))
        }
        try ErrorMapping.mapping { try target.close() }
        Console.out("\(into): \(totalRuns) run\(totalRuns == 1 ? "" : "s") and \(totalRequests) request rows added")
        return .ok
    }
}
