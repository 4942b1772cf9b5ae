import Testing
@testable import Simulator

@Suite struct AnswerHeuristicTests {
    let context = "The Meridian Tower in Port Avel was completed in 1974. Designed by the architect Helena Varga, "
        + "it rises 212 metres and has 58 floors. Its copper cladding turned green within a decade."

    @Test func questionKinds() {
        #expect(AnswerHeuristic.kind(of: "Who designed it?") == .name)
        #expect(AnswerHeuristic.kind(of: "When was it completed?") == .date)
        #expect(AnswerHeuristic.kind(of: "How tall is it?") == .number)
        #expect(AnswerHeuristic.kind(of: "What colour did it turn?") == .phrase)
    }

    @Test func typedSpansFromTheBestSentence() {
        #expect(AnswerHeuristic.answer(context: context, question: "When was the Meridian Tower completed?") == "1974")
        #expect(AnswerHeuristic.answer(context: context, question: "How tall is it?") == "212 metres")
        #expect(AnswerHeuristic.answer(context: context, question: "Who was the architect?") == "Helena Varga")
        // A phrase question takes the first run of new words: honest, not clever.
        #expect(AnswerHeuristic.answer(context: context, question: "What colour did the copper cladding turn?") == "turned green within")
    }
}
