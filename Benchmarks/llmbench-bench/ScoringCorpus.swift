import Datasets
import Foundation
import LLMBenchCore
import Quality

/// The responses the `scoring` scenario scores: the shipped datasets' items with seeded, model-like answers.
///
/// summarization: the document's first 1-3 sentences (joined by a space, or by a newline every other time,
/// so ROUGE-Lsum sees several lines), 10 % of the words dropped; translation: the first reference with 15 %
/// of the words dropped, every fourth time the untranslated source (what the simulator answers); qa: the
/// first answer, "The answer is …", a sentence of the context or the answer with a word dropped, in turn.
enum ScoringCorpus {
    static func items(dataDirectory: String) throws -> [DatasetItem] {
        try ["summarization", "translation", "qa"].flatMap { name in
            try DatasetLoader.load(path: (dataDirectory as NSString).appendingPathComponent("\(name).jsonl")).items
        }
    }

    static func job(_ item: DatasetItem, variant: Int, rng: inout SplitMix64) -> ScoringJob {
        func drop(_ text: String, _ rate: Int) -> String {
            let words = text.split(separator: " ")
            let kept = words.filter { _ in rng.nextInt(below: 100) >= rate }
            return (kept.isEmpty ? [words.first ?? ""] : kept).joined(separator: " ")
        }
        func sentences(_ text: String) -> [String] {
            text.split(separator: ". ").map { $0.hasSuffix(".") ? String($0) : $0 + "." }
        }
        let prediction: String
        switch item.task {
        case .summarization:
            let lead = sentences(item.text).prefix(1 + variant % 3)
            prediction = drop(lead.joined(separator: variant % 2 == 0 ? " " : "\n"), 10)
        case .translation:
            prediction = variant % 4 == 3 ? item.text : drop(item.references[0], 15)
        case .qa:
            switch variant % 4 {
            case 0: prediction = item.references[0]
            case 1: prediction = "The answer is \(item.references[0])."
            case 2: prediction = sentences(item.text)[variant % max(1, sentences(item.text).count)]
            default: prediction = drop(item.references[0], 30)
            }
        case .synthetic, .prompt:
            prediction = item.text
        }
        return ScoringJob(item: item, prediction: prediction)
    }

    /// `count` jobs of one task (or of all three, cycling through every item, when `task` is nil).
    static func jobs(_ items: [DatasetItem], task: TaskKind?, count: Int, seed: UInt64 = 17) -> [ScoringJob] {
        let pool = task.map { t in items.filter { $0.task == t } } ?? items
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { k in job(pool[k % pool.count], variant: k / pool.count, rng: &rng) }
    }
}
