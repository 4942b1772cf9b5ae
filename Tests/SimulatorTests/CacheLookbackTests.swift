import LLMBenchCore
import Testing
@testable import Simulator

/// Anthropic's breakpoint lookback: a breakpoint that moved to a conversation's newest message reads
/// the prefix the previous turn's breakpoint wrote; only written prefixes are ever read.
@Suite struct CacheLookbackTests {
    let turn1 = PromptCacheTable.Prefix(key: 10, tokens: 1_500)
    let turn2 = PromptCacheTable.Prefix(key: 20, tokens: 1_700)
    let between = PromptCacheTable.Prefix(key: 15, tokens: 1_600)

    @Test func theNextTurnReadsThePreviousBreakpointAndWritesTheRest() {
        var t = PromptCacheTable()
        #expect(t.use(written: turn1, lookback: [], ttlNs: 100, nowNs: 0) == .init(readTokens: 0, writeTokens: 1_500))
        #expect(t.use(written: turn2, lookback: [turn1, between], ttlNs: 100, nowNs: 1) == .init(readTokens: 1_500, writeTokens: 200))
        // The same request again reads all of it and writes nothing.
        #expect(t.use(written: turn2, lookback: [turn1, between], ttlNs: 100, nowNs: 2) == .init(readTokens: 1_700, writeTokens: 0))
    }

    @Test func lookbackPrefixesAreNotWritten() {
        var t = PromptCacheTable()
        _ = t.use(written: turn2, lookback: [between], ttlNs: 100, nowNs: 0)
        #expect(t.use(written: between, lookback: [], ttlNs: 100, nowNs: 1).readTokens == 0)
    }

    @Test func aHitRefreshesTheLifetimeOfWhatItRead() {
        var t = PromptCacheTable()
        _ = t.use(written: turn1, lookback: [], ttlNs: 100, nowNs: 0)
        _ = t.use(written: turn2, lookback: [turn1], ttlNs: 100, nowNs: 90)
        #expect(t.use(written: turn1, lookback: [], ttlNs: 100, nowNs: 150).readTokens == 1_500)
    }
}
