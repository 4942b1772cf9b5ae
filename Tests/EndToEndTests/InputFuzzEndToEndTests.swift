import Foundation
import Testing
import LLMBenchCore

/// Issue 11: seeded fuzzing of what a user hands llmbench (config, dataset, price file), through the
/// built binary with `--dry-run`, so a trap shows as a signal instead of killing the test process.
/// Every case must end with exit 0, 64, 65 or 66 (and a message naming the file when not 0).
/// A failure prints its seed, case number and input.
@Suite struct InputFuzzEndToEndTests {
    static let config = """
    {"models": [{"name": "a", "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-4o-mini",
                 "api_key_env": "FUZZ_KEY", "temperature": 0.2, "max_output_tokens": 64,
                 "limits": {"max_concurrency": 4, "requests_per_minute": 60, "tokens_per_minute": 10000}}]}
    """
    static let dataset = """
    {"id": "q1", "task": "qa", "context": "The tower was completed in 1974.", "question": "When?", "answers": ["1974"]}
    {"id": "q2", "task": "qa", "context": "It has 58 floors.", "question": "How many floors?", "answers": ["58"]}
    """
    static let prices = """
    {"catalog_version": 1, "models": [{"provider": "openai", "model": "gpt-4o-mini",
      "prices_micro_usd_per_mtok": {"input": 150000, "cached_input": 75000, "output": 600000},
      "tiers": [{"above_prompt_tokens": 128000, "prices_micro_usd_per_mtok": {"input": 300000, "output": 1200000}}],
      "batch_discount": 0.5, "context_window": 128000}]}
    """

    /// One mutation of `text` chosen by `rng`: truncation, bit flips, deep nesting, a huge or odd
    /// number, a type swap, invalid UTF-8, or a duplicated/deleted span.
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> [UInt8] {
        var b = Array(text.utf8)
        func pick(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        switch pick(8) {
        case 0: b = Array(b.prefix(pick(b.count)))
        case 1: for _ in 0..<(1 + pick(4)) { let i = pick(b.count); b[i] ^= UInt8(1 << pick(8)) }
        case 2:
            let depth = [200, 5_000, 20_000][pick(3)]
            let open = pick(2) == 0 ? "[" : "{\"k\":"
            let close = open == "[" ? "]" : "}"
            let nest = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            let i = pick(b.count); b.insert(contentsOf: Array(nest.utf8), at: i)
        case 3:
            let numbers = ["1e308", "-1e308", "9223372036854775808", "-1", "0.5", "1e-300", "NaN", "1e999", "-0"]
            let digits = b.indices.filter { (0x30...0x39).contains(b[$0]) }
            if let i = digits.isEmpty ? nil : digits[pick(digits.count)] {
                var j = i; while j < b.count, (0x30...0x39).contains(b[j]) || b[j] == 0x2E { j += 1 }
                b.replaceSubrange(i..<j, with: Array(numbers[pick(numbers.count)].utf8))
            }
        case 4:
            let swaps = ["\"x\"", "[]", "{}", "null", "true", "3"]
            let colons = b.indices.filter { b[$0] == 0x3A }
            if let c = colons.isEmpty ? nil : colons[pick(colons.count)] {
                var j = c + 1; while j < b.count, b[j] == 0x20 { j += 1 }
                var k = j; while k < b.count, ![0x2C, 0x7D, 0x5D, 0x0A].contains(b[k]) { k += 1 }
                b.replaceSubrange(j..<k, with: Array(swaps[pick(swaps.count)].utf8))
            }
        case 5:
            let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00]]
            b.insert(contentsOf: bad[pick(bad.count)], at: pick(b.count))
        case 6:
            let i = pick(b.count), n = pick(min(64, b.count - i))
            b.insert(contentsOf: Array(b[i..<(i + n)]), at: i)
        default:
            let i = pick(b.count), n = pick(min(64, b.count - i))
            b.removeSubrange(i..<(i + n))
        }
        return b
    }

    @Test func theUnmutatedInputsAreValid() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = dir.appendingPathComponent("c.json"), d = dir.appendingPathComponent("d.jsonl"), p = dir.appendingPathComponent("p.json")
        try Self.config.write(to: c, atomically: true, encoding: .utf8)
        try Self.dataset.write(to: d, atomically: true, encoding: .utf8)
        try Self.prices.write(to: p, atomically: true, encoding: .utf8)
        let r = try Binary.run(["run", "--config", c.path, "--datasets", d.path, "--prices", p.path, "--requests", "2",
                                "--dry-run"], env: ["FUZZ_KEY": "k"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func mutatedInputsGiveADocumentedExitNeverACrash() throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed: UInt64 = 0xF022
        var rng = SplitMix64(seed: seed)
        let files = (config: dir.appendingPathComponent("c.json"), dataset: dir.appendingPathComponent("d.jsonl"),
                     prices: dir.appendingPathComponent("p.json"))
        let cases = 240
        var exits: [Int32: Int] = [:]
        for n in 0..<cases {
            let target = n % 3
            let bytes = Self.mutate([Self.config, Self.dataset, Self.prices][target], &rng)
            try Data(target == 0 ? bytes : Array(Self.config.utf8)).write(to: files.config)
            try Data(target == 1 ? bytes : Array(Self.dataset.utf8)).write(to: files.dataset)
            try Data(target == 2 ? bytes : Array(Self.prices.utf8)).write(to: files.prices)
            let r = try Binary.run(["run", "--config", files.config.path, "--datasets", files.dataset.path,
                                    "--prices", files.prices.path, "--requests", "2", "--dry-run"],
                                   env: ["FUZZ_KEY": "k"], timeout: 30)
            exits[r.status, default: 0] += 1
            let input = String(decoding: bytes.prefix(400), as: UTF8.self)
            #expect([0, 64, 65, 66].contains(r.status),
                    "seed \(seed) case \(n) (\(["config", "dataset", "prices"][target])): exit \(r.status)\n\(r.stderr.prefix(300))\ninput: \(input)")
            if r.status != 0 {
                #expect(r.stderr.contains("error:"), "seed \(seed) case \(n): no message\n\(r.stderr.prefix(300))")
            }
        }
        print("input fuzz: \(cases) cases, exit codes \(exits.sorted { $0.key < $1.key })")
        #expect(exits.values.reduce(0, +) == cases)
        #expect((exits[65] ?? 0) > cases / 10, "the mutations must reach the validators")
        #expect((exits[0] ?? 0) > cases / 20, "some mutations leave a valid input")
    }
}
