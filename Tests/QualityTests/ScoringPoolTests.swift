import Foundation
import LLMBenchCore
import Testing
@testable import Quality

@Suite("Scoring on several threads")
struct ScoringPoolTests {
    /// Every job scored by the pool equals `TaskScorer.score` of that job alone, in job order, across batches
    /// (the threads' workspaces carry interned words and stems from one batch into the next).
    @Test func poolScoresEqualOneByOneScores() {
        let pairs = GoldenCorpus.datasetPairs()
        let jobs = (0..<300).map { k in
            let (_, task, p, r, lang) = pairs[(k * 7) % pairs.count]
            return ScoringJob(task: task, prediction: k % 5 == 0 ? p.uppercased() : p, references: r, targetLanguage: lang)
        }
        let pool = ScoringPool(threads: 2)
        for batch in [Array(jobs[0..<150]), Array(jobs[150...]), jobs] {
            let got = pool.score(batch)
            #expect(got.count == batch.count)
            for (g, j) in zip(got, batch) {
                let want = TaskScorer.score(task: j.task, prediction: j.prediction, references: j.references,
                                            targetLanguage: j.targetLanguage)
                #expect(g.map(\.name) == want.map(\.name))
                #expect(g.map(\.value.bitPattern) == want.map(\.value.bitPattern))
            }
        }
        #expect(pool.score([]).isEmpty)
        #expect(ScoringPool(threads: 0).threads == 1)
    }

    @Test func tokenTableInternsAndEmpties() {
        var t = TokenTable()
        var ids: [Int32] = []
        for k in 0..<5000 { ids.append(t.id(UInt32(k % 1000), UInt32(k % 7))) }
        #expect(t.count == 5000)  // k < 7000 = lcm(1000, 7): every (k mod 1000, k mod 7) is new
        for k in 0..<5000 { #expect(t.id(UInt32(k % 1000), UInt32(k % 7)) == ids[k]) }
        #expect(Array(t.values(ids[3])) == [3, 3])
        t.removeAll()
        #expect(t.count == 0)
        #expect(t.id(9, 9) == 0)
    }
}
