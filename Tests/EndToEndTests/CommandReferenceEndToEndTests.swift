import Foundation
import Testing

/// The command line as documented: README's command reference is the binary's `--help`, every
/// subcommand's help lists its exit codes, and a run or baseline that does not exist is exit 66
/// (a missing input) in every subcommand.
@Suite struct CommandReferenceEndToEndTests {
    static let subcommands = ["run", "report", "price", "score", "rescore", "compare", "trend", "baseline", "merge",
                              "metrics", "tokens", "simulate"]

    @Test func readmeCommandReferenceIsTheBinarysHelp() throws {
        let reference = try Binary.run(["help", "--reference"])
        #expect(reference.status == 0)
        let readme = try String(contentsOf: Binary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- command-reference:begin -->\n", end = "<!-- command-reference:end -->"
        guard let a = readme.range(of: begin), let b = readme.range(of: end, range: a.upperBound..<readme.endIndex) else {
            Issue.record("README.md lacks the \(begin.dropLast()) … \(end) markers")
            return
        }
        let section = String(readme[a.upperBound..<b.lowerBound])
        #expect(section == reference.stdout,
                "README.md's command reference differs from the binary's help: paste the output of `.build/debug/llmbench help --reference` between the markers")
        for c in Self.subcommands { #expect(section.contains("#### `llmbench \(c)`")) }
    }

    @Test func everySubcommandsHelpListsItsExitCodesAndEachOptionOnce() throws {
        for c in Self.subcommands {
            let h = try Binary.run([c, "--help"])
            #expect(h.status == 0)
            guard let codes = h.stdout.range(of: "\nEXIT CODES:\n") else {
                Issue.record("llmbench \(c) --help has no EXIT CODES section")
                continue
            }
            let listed = h.stdout[codes.upperBound...].split(separator: "\n").compactMap { Int32($0.split(separator: " ").first ?? "") }
            #expect(listed.contains(0) && listed.contains(64), "\(c): \(listed)")
            if c != "simulate" { #expect(listed.contains(66), "\(c): \(listed)") }
            let options = h.stdout.split(separator: "\n").filter { $0.hasPrefix("  --") }
                .map { String($0.dropFirst(2).prefix { $0 != " " }) }
            #expect(Set(options).count == options.count, "\(c) declares an option twice: \(options)")
        }
    }

    @Test func aMissingRunOrBaselineIsExit66Everywhere() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.sqlite").path
        let made = try Binary.run(["run", "--db", db, "--requests", "1", "--datasets", "qa", "--models", "instant",
                                   "--quiet", "--format", "none"])
        try #require(made.status == 0, "\(made.stderr)")
        let missing: [[String]] = [
            ["report", "--db", db, "--run", "no-such-run"],
            ["report", "--db", db, "--run", "no-such-run", "--view", "article"],
            ["price", "--db", db, "--run", "no-such-run", "--volume", "10"],
            ["rescore", "--db", db, "--run", "no-such-run"],
            ["baseline", "set", "good", "no-such-run", "--db", db],
            ["baseline", "show", "no-such-baseline", "--db", db],
            ["compare", "--db", db, "--baseline", "latest", "--candidate", "no-such-run"],
        ]
        for args in missing {
            let r = try Binary.run(args)
            #expect(r.status == 66, "llmbench \(args.joined(separator: " ")): exit \(r.status), \(r.stderr)")
            #expect(r.stderr.contains("no-such"), "\(r.stderr)")
        }
        let absent = dir.appendingPathComponent("absent.sqlite").path
        for args in [["report", "--db", absent], ["price", "--db", absent, "--volume", "10"], ["rescore", "--db", absent],
                     ["baseline", "list", "--db", absent], ["compare", "--db", absent, "--baseline", "latest"],
                     ["trend", "--db", absent],
                     ["merge", absent, "--into", dir.appendingPathComponent("all.sqlite").path]] {
            let r = try Binary.run(args)
            #expect(r.status == 66, "llmbench \(args.joined(separator: " ")): exit \(r.status), \(r.stderr)")
        }
    }

    @Test func defaultsAndValidValuesComeFromTheDeclarations() throws {
        let run = try Binary.run(["run", "--help"]).stdout
        #expect(run.contains("--requests N") && run.contains("Default: 20."))
        #expect(run.contains("One of: summary, markdown, csv, json, junit, none. Default: markdown."))
        #expect(run.contains("Connect timeout. Default: 10s."))
        let bad = try Binary.run(["run", "--profile", "bursty"])
        #expect(bad.status == 64 && bad.stderr.contains("--profile: 'bursty' is not valid (expected one of: concurrent, constant, poisson)"),
                "\(bad.stderr)")
        let range = try Binary.run(["run", "--requests", "0"])
        #expect(range.status == 64 && range.stderr.contains("expected a whole number from 1 to 10000000"), "\(range.stderr)")
    }
}
