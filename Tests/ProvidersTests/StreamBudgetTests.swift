import Testing
@testable import Providers

/// The transport's connection limit follows the streams asked for, and says when descriptors cap it.
@Suite struct StreamBudgetTests {
    @Test func enoughDescriptorsGiveEveryStreamAConnection() {
        let b = StreamBudget.plan(requested: 4096, openFiles: 20_000, hardLimit: 20_000, descriptorsPerStream: 1)
        #expect(b == StreamBudget(requested: 4096, connections: 4096, notice: nil))
        #expect(StreamBudget.plan(requested: 0, openFiles: 1024, hardLimit: 1024, descriptorsPerStream: 1).connections == 1)
    }

    @Test func aLowOpenFileLimitCapsConnectionsAndSaysSo() throws {
        let b = StreamBudget.plan(requested: 4096, openFiles: 1024, hardLimit: 1024, descriptorsPerStream: 2)
        #expect(b.connections == (1024 - StreamBudget.reservedDescriptors) / 2)
        let notice = try #require(b.notice)
        #expect(notice.contains("4096 streams") && notice.contains("1024 (ulimit -n)") && notice.contains("at most 480"))
        #expect(notice.contains("embedded simulator") && notice.contains("ulimit -Hn"))
        // A soft limit below the hard one (raising it was refused): the notice names the soft limit to raise.
        let c = StreamBudget.plan(requested: 2000, openFiles: 1024, hardLimit: 4096, descriptorsPerStream: 1)
        #expect(c.connections == 960 && c.notice?.contains("ulimit -n 4096") == true)
    }

    @Test func raisingTheSoftLimitReachesTheHardOne() {
        let l = OpenFileLimit.raiseToHard()
        #expect(l.soft == l.hard && l.soft >= 1)
    }
}
