import Datasets
import Foundation
import LLMBenchCore
import Quality

/// Scenario `scoring`: llmbench's scorers beside the Python references on the same pairs, one core each,
/// and 100,000 responses of the shipped task mix scored on every core.
///
/// Pairs (`ScoringCorpus`): 4,000 per task from the shipped datasets. The references (rouge-score with the
/// Porter stemmer, sacrebleu sentence BLEU and chrF, the SQuAD v1.1 script's definitions) run from a venv
/// the scenario makes under the temporary directory (`pip install sacrebleu rouge-score nltk`, reused on the
/// next run); when PyPI cannot be reached the table says so and shows llmbench's figures alone. µs/pair =
/// best pass's CPU time of the scoring thread (Python: process CPU time) / pairs; wall time beside it. llmbench's
/// passes run both before and after the references, so host noise in one stretch of the run hits both sides.
/// "agree" counts pairs whose scores match the reference's within 1e-9 (all must).
struct ScoringScenario {
    var pairsPerTask = 2000
    var passes = 3
    var mixCount = 100_000
    var batch = 4096

    struct Timing {
        var wallNs: Int64; var cpuNs: Int64
        /// No pass yet (the best of it and any pass is that pass).
        static let none = Timing(wallNs: .max, cpuNs: .max)
        func best(_ other: Timing) -> Timing { Timing(wallNs: min(wallNs, other.wallNs), cpuNs: min(cpuNs, other.cpuNs)) }
    }

    func run() throws -> ResultTable {
        let data = try DataDirectory.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment,
                                             executablePath: CommandLine.arguments.first)
        let items = try ScoringCorpus.items(dataDirectory: data.path)
        let summaries = ScoringCorpus.jobs(items, task: .summarization, count: pairsPerTask)
        let translations = ScoringCorpus.jobs(items, task: .translation, count: pairsPerTask)
        let answers = ScoringCorpus.jobs(items, task: .qa, count: pairsPerTask)
        var notes: [String] = []

        // llmbench on one thread, the same pairs: `passes` passes before the references and `passes` after
        // them, the best of both kept, so a slow stretch of a shared host does not fall on one side only.
        let ws = ScoringWorkspace()
        let rouge = Rouge(stem: true)
        let chrf = CHRF()
        var rougeOut: [[Double]] = [], bleuOut: [Double] = [], chrfOut: [Double] = [], squadOut: [[Double]] = []
        var rougeWarm = Timing.none, rougeCold = Timing.none, bleuTime = Timing.none, chrfTime = Timing.none, squadTime = Timing.none
        func ours() {
            rougeWarm = rougeWarm.best(measure { rougeOut = summaries.map { j in
                let s = rouge.score(targets: j.references, prediction: j.prediction, in: ws)
                return [s.rouge1.fmeasure, s.rouge2.fmeasure, s.rougeL.fmeasure, s.rougeLsum.fmeasure]
            } })
            rougeCold = rougeCold.best(measure {
                for j in summaries { _ = rouge.score(targets: j.references, prediction: j.prediction, in: ScoringWorkspace()) }
            })
            bleuTime = bleuTime.best(measure { bleuOut = translations.map { j in
                BLEU(tokenizer: TaskScorer.bleuTokenizer(forTargetLanguage: j.targetLanguage))
                    .sentenceScore(hypothesis: j.prediction, references: j.references, in: ws).score
            } })
            chrfTime = chrfTime.best(measure {
                chrfOut = translations.map { chrf.sentenceScore(hypothesis: $0.prediction, references: $0.references, in: ws) }
            })
            squadTime = squadTime.best(measure { squadOut = answers.map { j in
                let s = SQuAD.scores(prediction: j.prediction, groundTruths: j.references, in: ws)
                return [100 * s.exactMatch, 100 * s.f1]
            } })
        }
        ours()
        // The references, on the same pairs (LLMBENCH_BENCH_NO_REFERENCES=1 skips them: a profiling knob).
        let python = ProcessInfo.processInfo.environment["LLMBENCH_BENCH_NO_REFERENCES"] == "1" ? nil
            : Self.runReferences(summaries + translations + answers, passes: 2, notes: &notes)
        ours()

        var rows: [[String]] = [], json: [[String: Double]] = []
        func row(_ metric: String, _ ours: Timing, _ pairs: Int, _ ref: (String, PythonTiming?), agree: Int?) {
            let us = Double(ours.cpuNs) / 1e3 / Double(pairs), wallUs = Double(ours.wallNs) / 1e3 / Double(pairs)
            var cells = [metric, String(pairs), Fmt.f(us, 2), Fmt.f(wallUs, 2), ref.0]
            var j: [String: Double] = ["pairs": Double(pairs), "llmbench_cpu_us_per_pair": us, "llmbench_wall_us_per_pair": wallUs]
            if let r = ref.1 {
                let rus = r.cpuS * 1e6 / Double(r.pairs), rwall = r.wallS * 1e6 / Double(r.pairs)
                cells += [Fmt.f(rus, 1), Fmt.f(rwall, 1), Fmt.f(rus / us, 1) + "×", agree.map { "\($0)/\(pairs)" } ?? "—"]
                j["reference_cpu_us_per_pair"] = rus; j["reference_wall_us_per_pair"] = rwall; j["times_faster_cpu"] = rus / us
                if let a = agree { j["agree"] = Double(a) }
            } else {
                cells += ["—", "—", "—", "—"]
            }
            rows.append(cells); json.append(j)
        }
        func agree(_ ours: [[Double]], _ theirs: [Any]?) -> Int? {
            guard let theirs else { return nil }
            return zip(ours, theirs).filter { o, t in
                let tv = (t as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? [(t as? NSNumber)?.doubleValue ?? .nan]
                return tv.count == o.count && zip(o, tv).allSatisfy { abs($0 - $1) <= 1e-9 }
            }.count
        }
        let rougeName = "rouge-score \(python?.versions["rouge-score"] ?? "")"
        let sacre = "sacrebleu \(python?.versions["sacrebleu"] ?? "")"
        row("ROUGE-1/2/L/Lsum, stemmed (stems cached)", rougeWarm, summaries.count, (rougeName, python?.timings["rouge"]),
            agree: agree(rougeOut, python?.scores["rouge"]))
        row("ROUGE, fresh workspace per pair", rougeCold, summaries.count, (rougeName, python?.timings["rouge"]), agree: nil)
        row("sentence BLEU", bleuTime, translations.count, ("\(sacre) BLEU.sentence_score", python?.timings["bleu"]),
            agree: agree(bleuOut.map { [$0] }, python?.scores["bleu"]))
        row("sentence BLEU", bleuTime, translations.count, ("\(sacre) sentence_bleu()", python?.timings["bleu_function"]), agree: nil)
        row("sentence chrF", chrfTime, translations.count, ("\(sacre) CHRF.sentence_score", python?.timings["chrf"]),
            agree: agree(chrfOut.map { [$0] }, python?.scores["chrf"]))
        row("sentence chrF", chrfTime, translations.count, ("\(sacre) sentence_chrf()", python?.timings["chrf_function"]), agree: nil)
        row("SQuAD EM + F1", squadTime, answers.count, ("SQuAD v1.1 script definitions", python?.timings["squad"]),
            agree: agree(squadOut, python?.scores["squad"]))

        // The shipped task mix on every core.
        let mix = ScoringCorpus.jobs(items, task: nil, count: mixCount, seed: 99)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Array(Set([1, cores])).sorted() {
            let pool = ScoringPool(threads: threads)
            var scores = 0
            let t = measureProcess {
                for start in stride(from: 0, to: mix.count, by: batch) {
                    scores += pool.score(Array(mix[start..<min(start + batch, mix.count)])).reduce(0) { $0 + $1.count }
                }
            }
            let seconds = Double(t.wallNs) / 1e9
            rows.append(["\(mix.count) responses, shipped task mix, \(threads) thread\(threads == 1 ? "" : "s")", String(mix.count),
                         Fmt.f(Double(t.cpuNs) / 1e3 / Double(mix.count), 2), Fmt.f(Double(t.wallNs) / 1e3 / Double(mix.count), 2),
                         "wall \(Fmt.f(seconds, 2)) s, CPU \(Fmt.f(Double(t.cpuNs) / 1e9, 2)) s, \(Fmt.f(Double(mix.count) / seconds, 0)) responses/s, \(scores) scores",
                         "—", "—", "—", "—"])
            json.append(["responses": Double(mix.count), "threads": Double(threads), "wall_s": seconds,
                         "cpu_s": Double(t.cpuNs) / 1e9, "responses_per_s": Double(mix.count) / seconds])
        }
        notes.append("Pairs: \(pairsPerTask) per task from the shipped datasets (ScoringCorpus); llmbench: best of 2 × \(passes) passes "
            + "on one thread (\(passes) before the references run, \(passes) after), CPU time of that thread; the references: best of 2 passes (1 for rouge-score "
            + "and the sacrebleu functions), process CPU time. The mix: \(mixCount) responses cycling through every shipped item, "
            + "scored by ScoringPool in batches of \(batch) (as run and rescore do); its µs columns are process CPU and wall per response. "
            + "Load average at the start: \(Self.loadAverage()).")
        return ResultTable(scenario: "scoring", title: "Scoring: llmbench beside the Python references, and the task mix on every core",
                           columns: ["metric", "pairs", "llmbench µs/pair (CPU)", "llmbench µs/pair (wall)", "reference",
                                     "reference µs/pair (CPU)", "reference µs/pair (wall)", "llmbench faster (CPU)", "agree"],
                           rows: rows, json: json, notes: notes)
    }

    /// Best of `passes` runs of `body` on this thread.
    func measure(_ body: () -> Void) -> Timing {
        let clock = ContinuousClock()
        var best = Timing(wallNs: .max, cpuNs: .max)
        for _ in 0..<passes {
            let start = clock.now, cpu = TokenizerScenario.threadCPUNs()
            body()
            best = Timing(wallNs: min(best.wallNs, (clock.now - start).nanoseconds), cpuNs: min(best.cpuNs, TokenizerScenario.threadCPUNs() - cpu))
        }
        return best
    }

    /// One run of `body`, with the CPU time of every thread of the process.
    func measureProcess(_ body: () -> Void) -> Timing {
        let clock = ContinuousClock()
        let start = clock.now, cpu = ProcessMetrics.cpuTimeNs()
        body()
        return Timing(wallNs: (clock.now - start).nanoseconds, cpuNs: ProcessMetrics.cpuTimeNs() - cpu)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "n/a"
    }
}

/// What `Benchmarks/scoring-references.py` measured.
struct PythonTiming { var pairs: Int; var wallS: Double; var cpuS: Double }

struct PythonResults {
    var versions: [String: String]
    var timings: [String: PythonTiming]
    var scores: [String: [Any]]
}

extension ScoringScenario {
    static let venv = (NSTemporaryDirectory() as NSString).appendingPathComponent("llmbench-bench-scoring-venv")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scoring-references.py").path

    /// Runs the references on `jobs` in the venv (made first if missing); nil, with a note saying why, when it cannot.
    static func runReferences(_ jobs: [ScoringJob], passes: Int, notes: inout [String]) -> PythonResults? {
        let python = (venv as NSString).appendingPathComponent("bin/python")
        let fm = FileManager.default
        if !fm.fileExists(atPath: (venv as NSString).appendingPathComponent(".ready")) {
            FileHandle.standardError.write(Data("llmbench-bench: making the reference venv in \(venv) (pip install sacrebleu rouge-score nltk)…\n".utf8))
            let made = run("/usr/bin/env", ["python3", "-m", "venv", venv], timeoutS: 60)
            let pip = made.ok ? run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check",
                                             "sacrebleu==2.6.0", "rouge-score==0.1.2", "nltk"], timeoutS: 150) : made
            guard pip.ok else {
                notes.append("**The Python references were not measured: PyPI could not be reached or the install failed** "
                             + "(`python3 -m venv` + `pip install sacrebleu==2.6.0 rouge-score==0.1.2 nltk` in \(venv)): "
                             + pip.output.suffix(300).trimmingCharacters(in: .whitespacesAndNewlines))
                return nil
            }
            fm.createFile(atPath: (venv as NSString).appendingPathComponent(".ready"), contents: Data())
        }
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("llmbench-bench-scoring-\(getpid())")
        try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: dir) }
        let pairsPath = (dir as NSString).appendingPathComponent("pairs.jsonl"), outPath = (dir as NSString).appendingPathComponent("out.json")
        var text = ""
        for j in jobs {
            let object: [String: Any] = ["task": j.task.rawValue, "prediction": j.prediction, "references": j.references,
                                         "tokenize": TaskScorer.bleuTokenizer(forTargetLanguage: j.targetLanguage).rawValue]
            text += String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        try? text.write(toFile: pairsPath, atomically: true, encoding: .utf8)
        let r = run(python, [script, pairsPath, outPath, String(passes)], timeoutS: 150)
        guard r.ok, let data = fm.contents(atPath: outPath),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            notes.append("**The Python references failed** (\(script)): \(r.output.suffix(300))")
            return nil
        }
        var timings: [String: PythonTiming] = [:], scores: [String: [Any]] = [:]
        for (k, v) in object {
            guard let d = v as? [String: Any], let pairs = d["pairs"] as? Int, let wall = d["wall_s"] as? Double,
                  let cpu = d["cpu_s"] as? Double else { continue }
            timings[k] = PythonTiming(pairs: pairs, wallS: wall, cpuS: cpu)
            scores[k] = d["scores"] as? [Any]
        }
        let versions = (object["versions"] as? [String: String]) ?? [:]
        notes.append("References: Python \(object["python"] as? String ?? "?"), "
            + versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + ", installed from PyPI in \(venv).")
        return PythonResults(versions: versions, timings: timings, scores: scores)
    }

    /// Runs a program to its end or until `timeoutS` seconds; its stdout and stderr together.
    static func run(_ path: String, _ arguments: [String], timeoutS: Double) -> (ok: Bool, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("llmbench-bench-scoring-\(getpid()).log")
        FileManager.default.createFile(atPath: out, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: out) else { return (false, "cannot write \(out)") }
        defer { try? FileManager.default.removeItem(atPath: out) }
        p.standardOutput = handle; p.standardError = handle
        do { try p.run() } catch { return (false, "\(error)") }
        let deadline = Date().addingTimeInterval(timeoutS)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit(); try? handle.close(); return (false, "timed out after \(Int(timeoutS)) s") }
        try? handle.close()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return (p.terminationStatus == 0, text)
    }
}
