import LLMBenchCore

/// The quality metric names the pipeline stores per request (the one list used in reports, JSON and gates).
///
/// Scales: ROUGE F-measures 0-1 (`rougeL` is ROUGE-L's F-measure); BLEU, chrF, exact match and F1 0-100.
public enum QualityMetricName: String, Sendable, CaseIterable, Codable {
    case rouge1F = "rouge1"
    case rouge2F = "rouge2"
    case rougeLF = "rougeL"
    case rougeLsumF = "rougeLsum"
    case bleu
    case chrf
    case exactMatch = "exact_match"
    case f1
}

/// One stored quality figure of one response.
public struct TaskScore: Sendable, Equatable {
    public var name: QualityMetricName
    public var value: Double
    public init(name: QualityMetricName, value: Double) { self.name = name; self.value = value }
}

/// Scores one response with its task's metrics, as the pipeline does after a run's requests are done.
///
/// summarization: ROUGE-1/2/L/Lsum F-measures with Porter stemming (rouge-score `use_stemmer=True`, as
/// summarization papers report), best over the references.
/// translation: sentence BLEU (sacrebleu `sentence_bleu`: exp smoothing, effective order) and sentence chrF;
/// BLEU's tokenizer follows the target language: `zh` for Chinese, `char` for Japanese and Korean (sacrebleu's
/// defaults there are MeCab-based, which we do not have), `13a` otherwise.
/// qa: SQuAD v1.1 exact match and F1 (0 or 100, and 0-100), maximum over the accepted answers.
/// synthetic and prompt (no references): nothing.
public enum TaskScorer {
    /// The metric names a task produces, in order.
    public static func metricNames(for task: TaskKind) -> [QualityMetricName] {
        switch task {
        case .summarization: return [.rouge1F, .rouge2F, .rougeLF, .rougeLsumF]
        case .translation: return [.bleu, .chrf]
        case .qa: return [.exactMatch, .f1]
        case .synthetic, .prompt: return []
        }
    }

    /// BLEU's tokenizer for an ISO 639-1 target language (`13a` when unknown).
    public static func bleuTokenizer(forTargetLanguage language: String?) -> BLEUTokenizer {
        // ASCII case folding of a two-letter code, byte by byte (`lowercased()` built a string per pair).
        guard let language, language.utf8.count == 2 else { return .thirteenA }
        var u = language.utf8.makeIterator()
        let a = u.next()! | 0x20, b = u.next()! | 0x20  // "ZH" and "zh" alike; no other two bytes fold onto these
        switch (a, b) {
        case (0x7A, 0x68): return .zh                  // zh
        case (0x6A, 0x61), (0x6B, 0x6F): return .char  // ja, ko
        default: return .thirteenA
        }
    }

    public static func score(task: TaskKind, prediction: String, references: [String],
                             targetLanguage: String? = nil) -> [TaskScore] {
        score(ScoringJob(task: task, prediction: prediction, references: references, targetLanguage: targetLanguage),
              in: ScoringWorkspace())
    }

    /// One job's scores, reusing one thread's workspace (see `ScoringPool`).
    public static func score(_ job: ScoringJob, in ws: ScoringWorkspace) -> [TaskScore] {
        let prediction = job.prediction, references = job.references
        guard !references.isEmpty else { return [] }
        switch job.task {
        case .summarization:
            let s = Rouge(stem: true).score(targets: references, prediction: prediction, in: ws)
            return [TaskScore(name: .rouge1F, value: s.rouge1.fmeasure), TaskScore(name: .rouge2F, value: s.rouge2.fmeasure),
                    TaskScore(name: .rougeLF, value: s.rougeL.fmeasure), TaskScore(name: .rougeLsumF, value: s.rougeLsum.fmeasure)]
        case .translation:
            let bleu = BLEU(tokenizer: bleuTokenizer(forTargetLanguage: job.targetLanguage))
                .sentenceScore(hypothesis: prediction, references: references, in: ws)
            let chrf = CHRF().sentenceScore(hypothesis: prediction, references: references, in: ws)
            return [TaskScore(name: .bleu, value: bleu.score), TaskScore(name: .chrf, value: chrf)]
        case .qa:
            let s = SQuAD.scores(prediction: prediction, groundTruths: references, in: ws)
            return [TaskScore(name: .exactMatch, value: 100 * s.exactMatch), TaskScore(name: .f1, value: 100 * s.f1)]
        case .synthetic, .prompt:
            return []
        }
    }

    /// Convenience for a dataset item: its task, references and target language.
    public static func score(item: DatasetItem, prediction: String) -> [TaskScore] {
        score(task: item.task, prediction: prediction, references: item.references, targetLanguage: item.targetLanguage)
    }
}
