import Foundation
import Testing

/// CSV on stdout is byte for byte the CSV `--out` writes: RFC 4180 rows ending in CRLF and nothing
/// after the last one. (Python's `csv` reads a blank line after the last CRLF as an empty row.)
@Suite struct CSVStdoutEndToEndTests {
    @Test func csvOnStdoutEndsWithTheLastRow() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite").path
        let made = try Binary.run(["run", "--db", db, "--requests", "2", "--datasets", "qa", "--models", "gpt-4o-mini", "--time-scale", "0",
                                   "--quiet", "--format", "none"])
        try #require(made.status == 0, "\(made.stderr)")
        for command in [["report"], ["price", "--volume", "1000"]] {
            let file = dir.appendingPathComponent("\(command[0]).csv").path
            let stdout = try Binary.run(command + ["--db", db, "--format", "csv"])
            let written = try Binary.run(command + ["--db", db, "--format", "csv", "--out", file])
            #expect(stdout.status == 0 && written.status == 0, "\(stdout.stderr) \(written.stderr)")
            let bytes = Array(stdout.stdout.utf8)
            #expect(bytes == Array(try Data(contentsOf: URL(fileURLWithPath: file))), "\(command[0]): stdout and --out differ")
            #expect(bytes.suffix(2) == [0x0D, 0x0A], "\(command[0]): the last row must end with CRLF")
            #expect(bytes.dropLast(2).last != 0x0A, "\(command[0]): a blank line after the last row")
            // As csv.reader sees it: no empty row anywhere.
            let rows = stdout.stdout.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
            #expect(!rows.isEmpty && rows.allSatisfy { $0.count > 1 && $0.last == 0x0D }, "\(command[0]): \(rows.count) rows")
        }
    }
}
