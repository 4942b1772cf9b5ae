import Foundation
import Testing

/// `llmbench tokens` against tiktoken's known answers (Tests/TokenizerTests/Fixtures/known-answers.json).
@Suite("llmbench tokens: counts and ids equal tiktoken's")
struct TokensEndToEndTests {
    struct Case: Decodable { var name: String; var text: String; var o200k_base: [Int]; var cl100k_base: [Int] }
    struct Fixture: Decodable { var cases: [Case] }

    static func fixture() throws -> [Case] {
        let url = Binary.packageRoot.appendingPathComponent("Tests/TokenizerTests/Fixtures/known-answers.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    /// "COUNT\tID ID…" lines → ids per line.
    static func ids(_ stdout: String) -> [[Int]] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count > 1 ? fields[1].split(separator: " ").compactMap { Int($0) } : []
        }
    }

    @Test("one line per fixture text without a line break, both encodings; --whole-file on a multi-line text")
    func fixturesLineByLine() throws {
        let cases = try Self.fixture()
        let single = cases.filter { !$0.text.contains("\n") && !$0.text.isEmpty && !$0.text.contains("\r") }
        let dir = try makeTempDir()
        let file = dir.appendingPathComponent("lines.txt")
        try Data(single.map(\.text).joined(separator: "\n").utf8).write(to: file)
        for encoding in ["o200k_base", "cl100k_base"] {
            let r = try Binary.run(["tokens", "--encoding", encoding, "--ids", file.path])
            #expect(r.status == 0, "\(r.stderr)")
            let got = Self.ids(r.stdout)
            let want = single.map { encoding == "o200k_base" ? $0.o200k_base : $0.cl100k_base }
            #expect(got == want)
            let counts = r.stdout.split(separator: "\n").map { Int($0.split(separator: "\t")[0]) }
            #expect(counts == want.map(\.count))
            #expect(r.stderr.contains("\(single.count) lines, \(want.map(\.count).reduce(0, +)) \(encoding) tokens"))
        }
        let multi = try #require(cases.first { $0.name == "code-python" })
        let whole = dir.appendingPathComponent("whole.txt")
        try Data(multi.text.utf8).write(to: whole)
        let r = try Binary.run(["tokens", "--whole-file", "--ids", whole.path])
        #expect(Self.ids(r.stdout) == [multi.o200k_base])
    }

    @Test("stdin, bad input and usage errors have their exit codes")
    func errors() throws {
        let r = try Binary.run(["tokens", "-"], stdin: "hello world\n\n")
        #expect(r.status == 0)
        #expect(r.stdout == "2\n0\n")
        let dir = try makeTempDir()
        let bad = dir.appendingPathComponent("bad.txt")
        try Data([0x61, 0x0A, 0xFF, 0x0A]).write(to: bad)
        let invalid = try Binary.run(["tokens", bad.path])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("bad.txt:2: not valid UTF-8"))
        #expect(try Binary.run(["tokens", "--encoding", "p50k_base", "-"]).status == 64)
        #expect(try Binary.run(["tokens", dir.appendingPathComponent("none.txt").path]).status == 66)
        let empty = try makeTempDir()
        let missing = try Binary.run(["tokens", "-"], env: ["LLMBENCH_DATA_DIR": empty.path], stdin: "x\n")
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("o200k_base.tiktoken"))
    }
}
