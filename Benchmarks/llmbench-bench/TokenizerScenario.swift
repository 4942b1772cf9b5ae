import Datasets
import Foundation
import LLMBenchCore
import Tokenizer

/// Scenario `tokenizer`: load time of each ranks file and single-thread encode throughput on a fixed
/// mixed-language corpus, the same corpus `Benchmarks/tokenizer-tiktoken.py` feeds to tiktoken.
///
/// Corpus (`TokenizerCorpus`): the fixture texts (`Tests/TokenizerTests/Fixtures/texts.json`, 41 texts in
/// a dozen scripts) and the shipped datasets' `.jsonl` files, as lines, repeated until ≥ 8 MB; each line is
/// encoded on its own (as a response text would be). MB/s = corpus bytes / wall time of one pass on the
/// calling thread, MB per CPU-s = corpus bytes / that thread's CPU time (best of 3 passes; 1 MB = 10^6 bytes).
struct TokenizerScenario {
    var passes = 3

    func run() throws -> ResultTable {
        let data = try DataDirectory.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment,
                                             executablePath: CommandLine.arguments.first)
        let directory = (data.path as NSString).appendingPathComponent(TokenizerCache.subdirectory)
        let corpus = try TokenizerCorpus.build(dataDirectory: data.path)
        let clock = ContinuousClock()

        let classStart = clock.now
        TokenizerCache.prepareUnicodeTables()
        let classNs = (clock.now - classStart).nanoseconds

        var rows: [[String]] = []
        var json: [[String: Double]] = []
        for encoding in TokenEncoding.allCases {
            let loadStart = clock.now
            let tokenizer = try TokenizerCache.load(encoding, path: (directory as NSString).appendingPathComponent(encoding.fileName))
            let loadNs = (clock.now - loadStart).nanoseconds
            var best = Int64.max, bestCPU = Int64.max, tokens = 0
            for _ in 0..<passes {
                let start = clock.now, cpuStart = Self.threadCPUNs()
                var count = 0
                for line in corpus.lines { count += tokenizer.count(line) }
                best = min(best, (clock.now - start).nanoseconds)
                bestCPU = min(bestCPU, Self.threadCPUNs() - cpuStart)
                tokens = count
            }
            let mbps = Double(corpus.bytes) / (Double(best) / 1e9) / 1e6
            let cpuMBps = Double(corpus.bytes) / (Double(bestCPU) / 1e9) / 1e6
            rows.append([encoding.rawValue, Fmt.ms(loadNs, 1), String(corpus.bytes), String(tokens),
                         Fmt.f(Double(corpus.bytes) / Double(tokens), 2), Fmt.ms(best, 0), Fmt.f(mbps, 1),
                         Fmt.ms(bestCPU, 0), Fmt.f(cpuMBps, 1)])
            json.append(["load_ms": Double(loadNs) / 1e6, "corpus_bytes": Double(corpus.bytes), "tokens": Double(tokens),
                         "best_pass_ms": Double(best) / 1e6, "mb_per_s": mbps,
                         "best_pass_cpu_ms": Double(bestCPU) / 1e6, "mb_per_cpu_s": cpuMBps])
        }
        let notes = [
            "Corpus sha256 \(corpus.sha256.prefix(16))…: \(corpus.lines.count) lines, \(corpus.bytes) bytes, "
                + "\(Fmt.f(100 * Double(corpus.nonASCIIBytes) / Double(corpus.bytes), 1)) % of bytes non-ASCII. "
                + "Each line encoded separately on one thread; best of \(passes) passes. Load = read + SHA-256 + parse + "
                + "hash table; the Unicode class table (built once per process, shared by both) took "
                + "\(Fmt.ms(classNs, 1)) ms before that.",
        ]
        return ResultTable(scenario: "tokenizer", title: "Tokenizer: load time and single-thread encode throughput",
                           columns: ["encoding", "load ms", "corpus bytes", "tokens", "bytes/token", "best pass ms", "MB/s",
                                     "best pass CPU ms", "MB per CPU-s"],
                           rows: rows, json: json, notes: notes)
    }
}

extension TokenizerScenario {
    /// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), ns: what one core spent, however loaded the machine.
    static func threadCPUNs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
