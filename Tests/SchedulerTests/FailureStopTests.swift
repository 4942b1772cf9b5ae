import LLMBenchCore
import Testing
@testable import Scheduler

/// `--stop-after-failures` (issue 15): a model's part of the run ends after N failed requests in
/// a row; its unsent requests become `not_sent` rows; the other models go on; the default spares
/// models served by an llmbench simulator.
@Suite struct FailureStopTests {
    private func realModel(_ name: String) -> ModelSpec {
        ModelSpec(name: name, kind: .openai, baseURL: "http://127.0.0.1:1/v1", modelId: name)
    }

    private func failing(_ name: String) -> (Dispatch, [ModelSpec]) -> (RequestStatus, ErrorKind?, Int64?) {
        { d, models in models[d.lane].name == name ? (.error, .http4xx, nil) : (.ok, nil, nil) }
    }

    @Test func aFailingModelStopsAfterTheLimitWhileTheOtherFinishes() {
        let models = [realModel("bad"), realModel("good")]
        let plan = RunPlan(runId: "r", models: models, work: workItems(20), concurrency: 1, maxDurationNs: 3_600_000_000_000,
                           failureStop: .explicit(3))
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        let outcome = failing("bad")
        d.outcome = { outcome($0, models) }
        d.run()
        #expect(d.stop == .allSent)
        let bad = d.records.filter { $0.model == "bad" }, good = d.records.filter { $0.model == "good" }
        #expect(bad.filter { $0.status == .error }.count == 3)
        #expect(bad.filter { $0.status == .notSent }.count == 17)
        #expect(good.count == 20 && good.allSatisfy { $0.status == .ok })
        #expect(d.machine.failureStops.map(\.model) == ["bad"])
        #expect(d.machine.failureStops.first?.failures == 3)
        #expect(Set(d.records.map(\.requestIndex)).count == 40)
        let p = d.machine.progress(nowNs: 0)
        #expect(p.models.map(\.stopped) == [true, false])
    }

    @Test func aSuccessResetsTheCount() {
        let models = [realModel("flaky")]
        let plan = RunPlan(runId: "r", models: models, work: workItems(30), concurrency: 1, maxDurationNs: 3_600_000_000_000,
                           failureStop: .explicit(3))
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        // Two failures, one success, repeated: never three in a row.
        d.outcome = { $0.requestIndex % 3 == 2 ? (.ok, nil, nil) : (.error, .http5xx, nil) }
        d.run()
        #expect(d.stop == .allSent)
        #expect(d.records.allSatisfy { $0.status != .notSent })
        #expect(d.machine.failureStops.isEmpty)
    }

    @Test func everyModelStoppedEndsTheRunWithItsOwnReason() {
        let models = [realModel("a"), realModel("b")]
        let plan = RunPlan(runId: "r", models: models, work: workItems(10), concurrency: 2, maxDurationNs: 3_600_000_000_000,
                           failureStop: .explicit(2))
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        d.outcome = { _ in (.error, .connect, nil) }
        d.run()
        #expect(d.stop == .failures)
        #expect(d.records.filter { $0.status == .notSent }.count == 16)
    }

    @Test func retriedAttemptsCountOnceWhenTheirRequestFinallyFails() {
        let plan = RunPlan(runId: "r", models: [realModel("m")], work: workItems(10), concurrency: 1,
                           maxDurationNs: 3_600_000_000_000, retry: RetryPolicy(maxRetries: 2, baseNs: 0, capNs: 0), failureStop: .explicit(2))
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        d.outcome = { _ in (.error, .http5xx, nil) }
        d.run()
        // Two requests, three attempts each, then the stop.
        #expect(d.records.filter { $0.status == .error }.count == 6)
        #expect(d.records.filter { $0.status == .notSent }.count == 8)
    }

    @Test func theDefaultSparesSimulatedModelsButNotRealOnes() {
        let sim = ModelSpec(name: "sim", kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: "sim")
        let models = [sim, realModel("real")]
        let plan = RunPlan(runId: "r", models: models, work: workItems(30), concurrency: 1, maxDurationNs: 3_600_000_000_000,
                           failureStop: .default)
        var d = SchedulerDriver(plan: plan) { _ in 1_000_000 }
        d.outcome = { _ in (.error, .http5xx, nil) }
        d.run()
        #expect(d.records.filter { $0.model == "sim" && $0.status == .error }.count == 30)
        #expect(d.records.filter { $0.model == "real" && $0.status == .error }.count == FailureStop.defaultLimit)
    }

    @Test func theDefaultSparesAModelWhoseAnswersCarryTheSimulatorHeader() {
        var machine = RunScheduler(plan: RunPlan(runId: "r", models: [realModel("m")], work: workItems(30), concurrency: 1,
                                                 maxDurationNs: 3_600_000_000_000, failureStop: .default))
        for i in 0..<20 {
            guard case .send(let batch) = machine.next(nowNs: Int64(i)), let d = batch.first else {
                Issue.record("expected a send at \(i)"); return
            }
            let r = RequestRecord(runId: "r", requestIndex: d.requestIndex, model: "m", dataset: "qa", itemId: d.item.itemId,
                                  status: .error, errorKind: .http4xx, intendedStartNs: 0, sentNs: Int64(i), doneNs: Int64(i),
                                  rateLimitHeaders: [RequestRecord.simulatorHeader: "llmbench"])
            #expect(machine.complete(r, of: d, nowNs: Int64(i)) == nil)
        }
        #expect(machine.failureStops.isEmpty)
    }

    @Test func progressEstimatesRateAndTimeLeft() {
        let p = RunProgress(planned: 100, finished: 20, errors: 0, retries: 0, inFlight: 4, elapsedNs: 4_000_000_000)
        #expect(p.ratePerSecond == 5)
        #expect(p.etaNs() == 16_000_000_000)
        #expect(p.etaNs(maxDurationNs: 10_000_000_000) == 6_000_000_000)
        let early = RunProgress(planned: 100, finished: 3, errors: 0, retries: 0, inFlight: 4, elapsedNs: 500_000_000)
        #expect(early.ratePerSecond == nil && early.etaNs() == nil)
    }
}
