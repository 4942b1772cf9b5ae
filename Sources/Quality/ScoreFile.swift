import Foundation
import LLMBenchCore

/// One line of a file given to `llmbench score`.
public struct ScoreLine: Sendable, Equatable {
    public var id: String
    public var prediction: String
    public var references: [String]
    public init(id: String, prediction: String, references: [String]) {
        self.id = id; self.prediction = prediction; self.references = references
    }
}

/// The engine of `llmbench score`: parse JSONL, score every line, and add one corpus line.
///
/// Input lines: `{"id": "…", "prediction": "…", "references": ["…", …]}` (blank lines skipped).
/// Output lines: `{"id", …metric fields}` per input, then `{"corpus": {…}}`:
/// bleu: `bleu, counts, totals, precisions, bp, sys_len, ref_len` (sentence BLEU, effective order) and corpus BLEU
/// with its signature; chrf / chrf++: `chrf` and corpus chrF with its signature; rouge: `rouge1, rouge2, rougeL,
/// rougeLsum`, each `{precision, recall, fmeasure}` (0-1), corpus = mean over lines; squad: `exact_match, f1`
/// (0-100), corpus = 100 × mean over lines of the 0-1 values, as the SQuAD v1.1 script averages.
public enum ScoreFile {
    /// Parses the JSONL text of `path`; a bad line throws `path:LINE: field "x" …` with exit code 65.
    public static func parse(_ text: String, path: String) throws(LLMBenchError) -> [ScoreLine] {
        var out: [ScoreLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let at = "\(path):\(index + 1)"
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            } catch {
                throw .data("\(at): not valid JSON (expected an object with \"id\", \"prediction\" and \"references\")")
            }
            guard let dict = object as? [String: Any] else {
                throw .data("\(at): expected a JSON object with \"id\", \"prediction\" and \"references\"")
            }
            func string(_ field: String) throws(LLMBenchError) -> String {
                guard let v = dict[field], !(v is NSNull) else {
                    throw .data("\(at): field \"\(field)\" is missing (expected a string)")
                }
                guard let s = v as? String else { throw .data("\(at): field \"\(field)\" is not a string (expected a string)") }
                return s
            }
            let id = try string("id")
            let prediction = try string("prediction")
            guard let refsAny = dict["references"], !(refsAny is NSNull) else {
                throw .data("\(at): field \"references\" is missing (expected an array of strings)")
            }
            guard let refs = refsAny as? [Any], refs.allSatisfy({ $0 is String }) else {
                throw .data("\(at): field \"references\" is not an array of strings (expected an array of strings)")
            }
            guard !refs.isEmpty else {
                throw .data("\(at): field \"references\" is empty (expected at least one reference)")
            }
            out.append(ScoreLine(id: id, prediction: prediction, references: refs.map { $0 as! String }))
        }
        if out.isEmpty { throw .data("\(path): no lines to score (expected JSONL lines with \"id\", \"prediction\", \"references\")") }
        return out
    }

    /// The output JSONL lines (without trailing newlines): one per input line, then the corpus line.
    public static func score(_ lines: [ScoreLine], metric: QualityMetric, options: QualityOptions = .init()) -> [String] {
        var out: [JSONOut] = []
        let preds = lines.map(\.prediction), refs = lines.map(\.references), counts = refs.map(\.count)
        let n = Double(lines.count)
        switch metric {
        case .bleu:
            let bleu = BLEU(tokenizer: options.tokenize, lowercase: options.lowercase)
            for l in lines {
                out.append(.object([("id", .string(l.id))] + bleuFields(bleu.sentenceScore(hypothesis: l.prediction, references: l.references))))
            }
            let corpus = bleu.corpusScore(hypotheses: preds, references: refs)
            out.append(.object([("corpus", .object(bleuFields(corpus) + [
                ("lines", .int(lines.count)),
                ("signature", .string(bleu.signature(referenceCounts: counts, effectiveOrder: false))),
            ]))]))
        case .chrf, .chrfpp:
            let chrf = CHRF(wordOrder: metric == .chrfpp ? 2 : 0, lowercase: options.lowercase)
            for l in lines {
                out.append(.object([("id", .string(l.id)), ("chrf", .double(chrf.sentenceScore(hypothesis: l.prediction, references: l.references)))]))
            }
            out.append(.object([("corpus", .object([
                ("chrf", .double(chrf.corpusScore(hypotheses: preds, references: refs))),
                ("lines", .int(lines.count)),
                ("signature", .string(chrf.signature(referenceCounts: counts))),
            ]))]))
        case .rouge:
            let rouge = Rouge(stem: options.stem)
            var sums = [[Double]](repeating: [0, 0, 0], count: 4)
            for l in lines {
                let s = rouge.score(targets: l.references, prediction: l.prediction)
                let parts = [s.rouge1, s.rouge2, s.rougeL, s.rougeLsum]
                for (i, p) in parts.enumerated() { sums[i][0] += p.precision; sums[i][1] += p.recall; sums[i][2] += p.fmeasure }
                out.append(.object([("id", .string(l.id))] + zip(rougeNames, parts).map { ($0, rougeJSON($1)) }))
            }
            let means = sums.map { RougeScore(precision: $0[0] / n, recall: $0[1] / n, fmeasure: $0[2] / n) }
            out.append(.object([("corpus", .object(zip(rougeNames, means).map { ($0, rougeJSON($1)) } + [
                ("lines", .int(lines.count)), ("stem", .bool(options.stem)),
            ]))]))
        case .squad:
            var em = 0.0, f1 = 0.0
            for l in lines {
                let e = SQuAD.exactMatch(prediction: l.prediction, groundTruths: l.references)
                let f = SQuAD.f1(prediction: l.prediction, groundTruths: l.references)
                em += e; f1 += f
                out.append(.object([("id", .string(l.id)), ("exact_match", .double(100 * e)), ("f1", .double(100 * f))]))
            }
            out.append(.object([("corpus", .object([
                ("exact_match", .double(100 * em / n)), ("f1", .double(100 * f1 / n)), ("lines", .int(lines.count)),
            ]))]))
        }
        return out.map(\.text)
    }

    private static let rougeNames = ["rouge1", "rouge2", "rougeL", "rougeLsum"]

    private static func rougeJSON(_ s: RougeScore) -> JSONOut {
        .object([("precision", .double(s.precision)), ("recall", .double(s.recall)), ("fmeasure", .double(s.fmeasure))])
    }

    private static func bleuFields(_ r: BLEUResult) -> [(String, JSONOut)] {
        [("bleu", .double(r.score)), ("counts", .array(r.counts.map { .int($0) })), ("totals", .array(r.totals.map { .int($0) })),
         ("precisions", .array(r.precisions.map { .double($0) })), ("bp", .double(r.bp)),
         ("sys_len", .int(r.sysLen)), ("ref_len", .int(r.refLen))]
    }
}
