import Foundation
import LLMBenchCore
import Quality

/// `llmbench score`: scores any JSONL file of predictions against references (a thin shell over
/// `Quality.ScoreFile`). Output is JSONL: one line per input line, then `{"corpus": {…}}`.
struct ScoreCommand: Command {
    static let name = "score"
    static let abstract = "Score predictions against references (ROUGE, BLEU, chrF, chrF++, SQuAD EM/F1)."
    static let usage = "--metric rouge|bleu|chrf|chrf++|squad [options] FILE.jsonl|-"
    static let options: [OptionSpec] = [
        .value("metric", "NAME", "rouge, bleu, chrf, chrf++ or squad (required)."),
        .flag("stem", "rouge: Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer)."),
        .value("tokenize", "NAME", "bleu: sacrebleu tokenizer 13a (default), intl, char, zh or none."),
        .flag("lowercase", "bleu, chrf, chrf++: lowercase prediction and references first."),
        .value("out", "FILE", "Write the JSONL there instead of stdout."),
    ]
    static let discussion = """
    Input lines: {"id": "…", "prediction": "…", "references": ["…", …]}; FILE - reads stdin.
    Scales: BLEU, chrF, EM and F1 0-100; ROUGE 0-1. A bad line exits 65 naming FILE:LINE and the field.
    Examples:
      llmbench score --metric bleu --tokenize 13a outputs.jsonl
      llmbench score --metric rouge --stem summaries.jsonl --out scores.jsonl
    """

    var metric: QualityMetric
    var qualityOptions: QualityOptions
    var input: String
    var out: String?

    init(_ args: Arguments) throws {
        let valid = QualityMetric.allCases.map(\.rawValue).joined(separator: ", ")
        guard let m = args.string("metric") else {
            throw LLMBenchError.usage("llmbench score: --metric is required (valid: \(valid))")
        }
        guard let metric = QualityMetric(rawValue: m.lowercased()) else {
            throw LLMBenchError.usage("--metric: unknown metric \"\(m)\" (valid: \(valid))")
        }
        var tokenizer = BLEUTokenizer.thirteenA
        if let t = args.string("tokenize") {
            guard let parsed = BLEUTokenizer(rawValue: t) else {
                throw LLMBenchError.usage("--tokenize: unknown tokenizer \"\(t)\" (valid: "
                    + BLEUTokenizer.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            // Even the default, named on a metric that ignores it, is a mistake worth saying.
            if metric != .bleu {
                throw LLMBenchError.usage("--tokenize applies to --metric bleu only (got --metric \(metric.rawValue))")
            }
            tokenizer = parsed
        }
        let options = QualityOptions(stem: args.has("stem"), tokenize: tokenizer, lowercase: args.has("lowercase"))
        try options.validate(for: metric)
        guard args.positionals.count == 1 else {
            throw LLMBenchError.usage("llmbench score: expected one input file (FILE.jsonl, or - for stdin), got "
                + (args.positionals.isEmpty ? "none" : args.positionals.joined(separator: " ")))
        }
        self.metric = metric
        self.qualityOptions = options
        self.input = args.positionals[0]
        self.out = args.string("out")
    }

    func run() throws -> ExitCode {
        let (text, label) = try readInput()
        let lines = try ScoreFile.parse(text, path: label)
        let output = ScoreFile.score(lines, metric: metric, options: qualityOptions)
        try Console.emit(output.joined(separator: "\n") + "\n", to: out)
        return .ok
    }

    /// The input text and the name error messages use for it (`<stdin>` for `-`).
    private func readInput() throws -> (String, String) {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            return (try decode(data, "<stdin>"), "<stdin>")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LLMBenchError.noInput("\(input): no such file")
        }
        do { data = try Data(contentsOf: URL(fileURLWithPath: input)) } catch {
            throw LLMBenchError.noInput("\(input): cannot read (\(error.localizedDescription))")
        }
        return (try decode(data, input), input)
    }

    private func decode(_ data: Data, _ label: String) throws -> String {
        guard let s = String(data: data, encoding: .utf8) else {
            throw LLMBenchError.data("\(label): not UTF-8 text (expected JSONL)")
        }
        return s
    }
}
