import Testing
import LLMBenchCore
@testable import Analysis

@Suite struct GoodputTests {
    @Test func parsesAndRejects() throws {
        let slo = try SLOSet.parse("ttft_ms=500, e2e_ms=2000")
        #expect(slo.objectives == [.init(metric: .ttftMs, maxMs: 500), .init(metric: .e2eMs, maxMs: 2000)])
        #expect(slo.text == "ttft_ms=500,e2e_ms=2000")
        for bad in ["", "ttft=500", "ttft_ms", "ttft_ms=-1", "ttft_ms=fast", "input_tokens=5", "ttft_ms=1,ttft_ms=2"] {
            #expect(throws: LLMBenchError.self, "\(bad)") { try SLOSet.parse(bad) }
            do { _ = try SLOSet.parse(bad) } catch let e as LLMBenchError { #expect(e.exitCode == .usage) } catch {}
        }
        do { _ = try SLOSet.parse("ttft=1") } catch let e as LLMBenchError { #expect(e.message.contains("ttft_ms, ttfo_ms")) } catch {}
    }

    @Test func countsRequestsMeetingEverySLOOverTheActiveDuration() throws {
        let slo = try SLOSet.parse("ttft_ms=100,e2e_ms=1000")
        let records = [
            Fixture.ok(index: 0, sent: 0, firstToken: 50, lastToken: 400, done: 500),      // meets both
            Fixture.ok(index: 1, sent: 1000, firstToken: 1150, lastToken: 1400, done: 1500), // TTFT 150: misses
            Fixture.ok(index: 2, sent: 2000, firstToken: 2050, lastToken: 3400, done: 3500), // e2e 1500: misses
            Fixture.ok(index: 3, sent: 3000, firstToken: nil, lastToken: nil, done: 3100),  // no TTFT: misses
            Fixture.ok(index: 4, sent: 3500, firstToken: 3510, lastToken: 3900, done: 4000), // meets both
            Fixture.failed(index: 5, sent: 3900, done: 3950),
            Fixture.ok(index: 6, sent: 0, firstToken: 1, lastToken: 2, done: 9000, warmup: true), // ignored
        ]
        let g = Goodput.compute(records, slo: slo)
        #expect(g.attempts == 6 && g.succeeded == 5 && g.met == 2)
        #expect(g.activeDurationS == 4.0)
        #expect(g.goodputPerS == 0.5)
        #expect(g.fractionOfAttempts == 2.0 / 6.0)
        let groups = Goodput.byGroup(records, slo: slo)
        #expect(groups.map(\.key) == [GroupKey(model: "m", dataset: "qa"), GroupKey(model: "m", dataset: nil)])
        #expect(groups.allSatisfy { $0.figures.met == 2 })
    }
}

@Suite struct LoadHealthTests {
    /// n first attempts intended every `gapMs`, each sent `lag(i)` ms late.
    static func records(n: Int, gapMs: Double, lag: (Int) -> Double) -> [RequestRecord] {
        (0..<n).map { (i: Int) -> RequestRecord in
            let intended: Double = Double(i) * gapMs
            let sent: Double = intended + lag(i)
            return Fixture.ok(index: i, intended: intended, sent: sent, firstToken: sent + 10, lastToken: sent + 20, done: sent + 30)
        }
    }

    @Test func onScheduleKeepsUp() {
        let h = LoadHealth.assess(Self.records(n: 101, gapMs: 100, lag: { _ in 0.5 }), requestedRatePerSecond: 10)
        #expect(h.achievedRatePerSecond! > 9.999 && h.achievedRatePerSecond! < 10.001)
        #expect(h.sentRequests == 101)
        #expect(h.dispatchLagP50Ms == 0.5 && h.dispatchLagP99Ms == 0.5)
        #expect(!h.fellBehind && h.warning == nil)
    }

    @Test func growingLagFallsBehind() {
        // Each request is sent 2 ms later than the last: the client sends every 102 ms, not 100.
        let h = LoadHealth.assess(Self.records(n: 101, gapMs: 100, lag: { Double($0) * 2 }), requestedRatePerSecond: 10)
        #expect(h.fellBehind)
        #expect(h.dispatchLagP99Ms! > LoadHealth.lagThresholdMs)
        #expect(h.reasons.count == 1, "\(h.reasons)")  // 9.8 req/s is still above 95% of 10
        #expect(h.warning!.contains("dispatch lag p99"))
    }

    @Test func lowAchievedRateFallsBehind() {
        // Sent every 200 ms (lag ignored by the rate, which reads sent times only).
        let records: [RequestRecord] = (0..<11).map { (i: Int) -> RequestRecord in
            let t: Double = Double(i) * 200
            return Fixture.ok(index: i, intended: t, sent: t, firstToken: t + 5, lastToken: t + 6, done: t + 7)
        }
        let h = LoadHealth.assess(records, requestedRatePerSecond: 10)
        #expect(h.achievedRatePerSecond == 5)
        #expect(h.reasons == ["achieved 5.00 req/s < 95% of requested 10.00 req/s"])
        // Closed loop: nothing was requested, so only the lag counts.
        #expect(!LoadHealth.assess(records, requestedRatePerSecond: nil).fellBehind)
    }

    @Test func warmupAndRetriesAreNotArrivals() {
        var records = Self.records(n: 11, gapMs: 100, lag: { _ in 0 })
        records.append(Fixture.ok(index: 0, attempt: 1, intended: 5, sent: 5, firstToken: 6, lastToken: 7, done: 8))
        records.append(Fixture.ok(index: 99, intended: -5000, sent: -5000, firstToken: 1, lastToken: 2, done: 3, warmup: true))
        let h = LoadHealth.assess(records, requestedRatePerSecond: 10)
        #expect(h.sentRequests == 11 && h.achievedRatePerSecond == 10)
        let empty = LoadHealth.assess([RequestRecord](), requestedRatePerSecond: 10)
        #expect(empty.achievedRatePerSecond == nil && empty.dispatchLagP99Ms == nil && !empty.fellBehind)
    }
}
