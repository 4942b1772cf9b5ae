import LLMBenchCore

/// The metrics `llmbench score --metric` accepts, by their command-line names.
public enum QualityMetric: String, Sendable, CaseIterable, Codable {
    case rouge
    case bleu
    case chrf
    case chrfpp = "chrf++"
    case squad
}

/// Options of `llmbench score`: `--stem` (rouge), `--tokenize` and `--lowercase` (bleu; `--lowercase` also chrF).
public struct QualityOptions: Sendable, Equatable {
    /// Porter-stem tokens longer than 3 characters before ROUGE (rouge-score's `use_stemmer`).
    public var stem: Bool
    /// sacrebleu tokenizer for BLEU; default `13a`.
    public var tokenize: BLEUTokenizer
    /// Lowercase hypothesis and references before BLEU or chrF (sacrebleu's `lowercase`).
    public var lowercase: Bool

    public init(stem: Bool = false, tokenize: BLEUTokenizer = .thirteenA, lowercase: Bool = false) {
        self.stem = stem; self.tokenize = tokenize; self.lowercase = lowercase
    }

    /// Rejects options the metric does not use (exit 64), so a flag is never silently ignored.
    public func validate(for metric: QualityMetric) throws(LLMBenchError) {
        if stem && metric != .rouge {
            throw .usage("--stem applies to --metric rouge only (got --metric \(metric.rawValue))")
        }
        if tokenize != .thirteenA && metric != .bleu {
            throw .usage("--tokenize applies to --metric bleu only (got --metric \(metric.rawValue)); valid tokenizers: "
                + BLEUTokenizer.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if lowercase && ![.bleu, .chrf, .chrfpp].contains(metric) {
            throw .usage("--lowercase applies to --metric bleu, chrf or chrf++ only (got --metric \(metric.rawValue))")
        }
    }
}
