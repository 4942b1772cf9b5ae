import Testing
@testable import LLMBenchCore

@Suite struct TokenEstimateTests {
    @Test func emptyTextIsZeroTokens() {
        #expect(TokenEstimate.tokens(in: "") == 0)
    }
    @Test func fourBytesPerTokenRoundedUp() {
        #expect(TokenEstimate.tokens(in: "abc") == 1)
        #expect(TokenEstimate.tokens(in: "abcd") == 1)
        #expect(TokenEstimate.tokens(in: "abcde") == 2)
    }
    @Test func errorKindFromStatus() {
        #expect(ErrorKind.forHTTPStatus(200) == nil)
        #expect(ErrorKind.forHTTPStatus(401) == .auth)
        #expect(ErrorKind.forHTTPStatus(429) == .http429)
        #expect(ErrorKind.forHTTPStatus(404) == .http4xx)
        #expect(ErrorKind.forHTTPStatus(529) == .overloaded)
        #expect(ErrorKind.forHTTPStatus(503) == .overloaded)
        #expect(ErrorKind.forHTTPStatus(502) == .http5xx)
    }
    @Test func manualClockSleepJumps() {
        let c = ManualClock(startNs: 10)
        c.sleep(untilNs: 100)
        #expect(c.nowNs() == 100)
        c.advance(byNs: 5)
        #expect(c.nowNs() == 105)
    }
}
