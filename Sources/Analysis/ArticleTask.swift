/// The tasks of the article's comparison table and the quality rows each shows.
///
/// Names are the metric list's (the quality rows the loader adds), each a mean over the scored
/// responses: ROUGE-L F (0-1) for summarization, sentence BLEU and chrF (0-100) for translation,
/// SQuAD EM and F1 (0-100) for qa. (Corpus BLEU/chrF would change only `qualityRows`.)
public enum ArticleTask: String, Sendable, CaseIterable {
    case summarization
    case translation
    case qa

    /// One quality row: metric name and a short label.
    public struct QualityRow: Sendable, Equatable {
        public var metric: String
        public var label: String
    }

    /// The rows shown for this task, in order.
    public var qualityRows: [QualityRow] {
        switch self {
        case .summarization: return [QualityRow(metric: "rougeL_mean", label: "ROUGE-L F")]
        case .translation: return [QualityRow(metric: "bleu_mean", label: "BLEU"),
                                   QualityRow(metric: "chrf_mean", label: "chrF")]
        case .qa: return [QualityRow(metric: "exact_match_mean", label: "EM"), QualityRow(metric: "f1_mean", label: "F1")]
        }
    }

    /// The quality that "best for", quality per dollar and Pareto use: ROUGE-L F, chrF (steadier
    /// than BLEU on short segments), F1 (graded, where EM is all or nothing).
    public var primary: QualityRow {
        switch self {
        case .summarization: return qualityRows[0]
        case .translation: return qualityRows[1]
        case .qa: return qualityRows[1]
        }
    }

    /// Full scale of the primary metric: 1 for ROUGE, 100 for the others.
    public var scale: Double { self == .summarization ? 1 : 100 }

    /// A margin given in points of a 0-100 scale, on this task's primary scale (2 → 0.02 on ROUGE).
    public func margin(points: Double) -> Double { points * scale / 100 }

    /// The task of `dataset` in `analysis`: the task whose primary quality has a value in some group
    /// of that dataset (the first such in `allCases` order); else the task the dataset is named
    /// after; else `nil` (no quality rows are shown for it).
    public static func infer(dataset: String, in analysis: RunAnalysis) -> ArticleTask? {
        let groups = analysis.groups.filter { $0.key.dataset == dataset }
        for t in allCases where groups.contains(where: { g in t.qualityRows.contains { g.value($0.metric) != nil } }) {
            return t
        }
        return ArticleTask(rawValue: dataset)
    }
}
