import Foundation
import LLMBenchCore
import Quality

/// `llmbench score`: scores any JSONL file of predictions against references (a thin shell over
/// `Quality.ScoreFile`). Output is JSONL: one line per input line, then `{"corpus": {…}}`.
struct ScoreCommand: Command {
    static let name = "score"
    static let abstract = "Score predictions against references (ROUGE, BLEU, chrF, chrF++, SQuAD EM/F1)."
    static let usage = "--metric rouge|bleu|chrf|chrf++|squad [options] FILE.jsonl|-"
    static let options = Options()

    struct Options: OptionGroup {
        let metric = Opt.choice("metric", "NAME", among: QualityMetric.allCases, "The metric (required).")
        let stem = Opt.flag("stem", "rouge: Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer).")
        let tokenize = Opt.choice("tokenize", "NAME", default: BLEUTokenizer.thirteenA, "bleu: the sacrebleu tokenizer.")
        let lowercase = Opt.flag("lowercase", "bleu, chrf, chrf++: lowercase prediction and references first.")
        let out = OutputOptions()
    }

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
        let o = Self.options
        guard let metric = try args.value(o.metric) else {
            throw LLMBenchError.usage("llmbench score: --\(o.metric.spec.name) is required (valid: "
                                      + QualityMetric.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let tokenizer = try args.value(o.tokenize)
        // Even the default, named on a metric that ignores it, is a mistake worth saying.
        if args.given(o.tokenize), metric != .bleu {
            throw LLMBenchError.usage("--\(o.tokenize.spec.name) applies to --metric bleu only (got --metric \(metric.rawValue))")
        }
        let options = QualityOptions(stem: args.has(o.stem), tokenize: tokenizer, lowercase: args.has(o.lowercase))
        try options.validate(for: metric)
        guard args.positionals.count == 1 else {
            throw LLMBenchError.usage("llmbench score: expected one input file (FILE.jsonl, or - for stdin), got "
                + (args.positionals.isEmpty ? "none" : args.positionals.joined(separator: " ")))
        }
        self.metric = metric
        self.qualityOptions = options
        self.input = args.positionals[0]
        self.out = try args.value(o.out.out)
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
