import Datasets
import LLMBenchCore
import Testing
@testable import Scheduler

/// Drives a `ConversationScheduler` by hand: no threads, no clock; every attempt completes at
/// `sent + latency` with the answer `answer(d)`.
private struct ConversationDriver {
    var machine: ConversationScheduler
    var latencyNs: (Dispatch) -> Int64
    var outcome: (Dispatch) -> (RequestStatus, ErrorKind?) = { _ in (.ok, nil) }
    var stopAtNs: Int64?
    private(set) var sent: [(d: Dispatch, sentNs: Int64)] = []
    private(set) var records: [RequestRecord] = []
    private(set) var stop: StopReason?

    init(_ plan: ConversationPlan, latencyNs: @escaping (Dispatch) -> Int64) {
        machine = ConversationScheduler(plan: plan)
        self.latencyNs = latencyNs
    }

    static func answer(_ d: Dispatch) -> String {
        "answer to \(d.item.itemId) turn \(d.item.conversationTurn!.turn)"
    }

    mutating func run() {
        var t: Int64 = 0
        var inFlight: [(done: Int64, d: Dispatch, sent: Int64)] = []
        for _ in 0..<100_000 {
            if let at = stopAtNs, t >= at, stop == nil { machine.interrupt() }
            switch machine.next(nowNs: t, allow: { _, _ in true }) {
            case .send(let batch):
                for d in batch { sent.append((d, t)); inFlight.append((t + latencyNs(d), d, t)) }
            case .wait(let until):
                let target = [until, inFlight.map(\.done).min(), stopAtNs.flatMap { $0 > t ? $0 : nil }].compactMap { $0 }.min() ?? t
                t = max(t, target)
                finishDue(t, &inFlight)
            case .drain(let cancel):
                if cancel {
                    for f in inFlight { complete(f.d, sent: f.sent, done: t, status: .cancelled, kind: .cancelled) }
                    inFlight.removeAll()
                } else {
                    t = max(t, inFlight.map(\.done).min() ?? t)
                    finishDue(t, &inFlight)
                }
            case .finished(let r):
                stop = r
                records += machine.notSentRecords(runId: "r")
                return
            }
        }
        Issue.record("the scheduler did not finish within the step bound")
    }

    private mutating func finishDue(_ t: Int64, _ inFlight: inout [(done: Int64, d: Dispatch, sent: Int64)]) {
        inFlight.sort { $0.done < $1.done }
        while let f = inFlight.first, f.done <= t {
            inFlight.removeFirst()
            let (status, kind) = outcome(f.d)
            complete(f.d, sent: f.sent, done: f.done, status: status, kind: kind)
        }
    }

    private mutating func complete(_ d: Dispatch, sent: Int64, done: Int64, status: RequestStatus, kind: ErrorKind?) {
        var r = RequestRecord(runId: "r", requestIndex: d.requestIndex, attempt: d.attempt,
                              model: machine.plan.run.models[d.lane].name, dataset: d.item.dataset, itemId: d.item.itemId,
                              status: status, errorKind: kind, intendedStartNs: d.intendedStartNs, sentNs: sent, doneNs: done,
                              responseText: status == .ok ? Self.answer(d) : "")
        r.conversationTurn = d.item.conversationTurn
        records.append(r)
        machine.complete(r, of: d, nowNs: done, retryAfterNs: nil)
    }
}

private let second: Int64 = 1_000_000_000

private func conversations(_ n: Int, turns: Int) -> [Conversation] {
    (0..<n).map { c in
        Conversation(dataset: "chat", id: "c\(c)", system: "be brief",
                     turns: (1...turns).map { Conversation.Turn(user: "c\(c) question \($0)", recordedAnswer: "recorded \($0)") })
    }
}

private func plan(_ convs: [Conversation], profile: LoadProfile = .concurrent, concurrency: Int = 1, retries: Int = 0,
                  durationNs: Int64 = 3_600 * second, replay: Bool = false, thinkNs: Int64 = 0) -> ConversationPlan {
    let m = ModelSpec(name: "m", kind: .simulated, baseURL: "http://127.0.0.1:1/v1", modelId: "m")
    let run = RunPlan(runId: "r", models: [m], work: [], profile: profile, concurrency: concurrency, maxDurationNs: durationNs,
                      retry: RetryPolicy(maxRetries: retries, baseNs: second, capNs: second))
    return ConversationPlan(run: run, conversations: convs, replayAssistant: replay, thinkTimeNs: thinkNs)
}

@Suite struct ConversationSchedulerTests {
    /// Each turn carries the history so far with the model's own answers; turn k+1 is intended at turn
    /// k's end plus the think time; every turn is linked to its conversation and turn number.
    @Test func turnsGoInOrderWithOwnAnswersAsHistory() {
        var d = ConversationDriver(plan(conversations(1, turns: 3), thinkNs: 2 * second)) { _ in second }
        d.run()
        #expect(d.stop == .allSent)
        #expect(d.sent.map(\.d.item.conversationTurn) == (1...3).map { ConversationTurn(conversation: 0, turn: $0) })
        #expect(d.sent.map(\.d.requestIndex) == [0, 1, 2])
        let third = d.sent[2].d.item
        #expect(third.user == "c0 question 3")
        #expect(third.history.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(third.history.map(\.content) == ["c0 question 1", "answer to c0 turn 1", "c0 question 2", "answer to c0 turn 2"])
        #expect(d.sent[0].d.item.history.isEmpty)
        // Turn 1 done at 1 s, think 2 s: turn 2 intended (and sent) at 3 s; turn 3 at 6 s.
        #expect(d.sent.map(\.d.intendedStartNs) == [0, 3 * second, 6 * second])
        #expect(d.sent.map(\.sentNs) == [0, 3 * second, 6 * second])
        #expect(d.machine.conversationsCompleted == 1)
    }

    @Test func replayAssistantSendsTheRecordedAnswers() {
        var d = ConversationDriver(plan(conversations(1, turns: 2), replay: true)) { _ in second }
        d.run()
        #expect(d.sent[1].d.item.history.map(\.content) == ["c0 question 1", "recorded 1"])
    }

    /// A conversation's own `think_time_ms` wins over the plan's.
    @Test func aConversationsOwnThinkTimeWins() {
        var convs = conversations(1, turns: 2)
        convs[0].thinkTimeNs = 5 * second
        var d = ConversationDriver(plan(convs, thinkNs: second)) { _ in second }
        d.run()
        #expect(d.sent[1].d.intendedStartNs == 6 * second)
    }

    /// Closed loop: `concurrency` counts conversations, think times included: with 2 streams the third
    /// conversation starts only when one of the first two has ended, not while they think.
    @Test func closedLoopConcurrencyCountsConversations() {
        var d = ConversationDriver(plan(conversations(3, turns: 2), concurrency: 2, thinkNs: 10 * second)) { _ in second }
        d.run()
        #expect(d.stop == .allSent)
        let firstOfThird = d.sent.first { $0.d.item.itemId == "c2" }!
        // c0 and c1: turn 1 at 0 s (done 1 s), turn 2 at 11 s (done 12 s); c2 starts at 12 s.
        #expect(firstOfThird.sentNs == 12 * second && firstOfThird.d.intendedStartNs == 12 * second)
        #expect(d.sent.count == 6)
    }

    /// Open loop: conversation starts follow the arrival schedule; later turns the previous end.
    @Test func openLoopSchedulesConversationStarts() {
        var d = ConversationDriver(plan(conversations(3, turns: 2), profile: .constant(ratePerSecond: 1), concurrency: 8)) { _ in
            3 * second
        }
        d.run()
        let firsts = d.sent.filter { $0.d.item.conversationTurn!.turn == 1 }.map(\.d.intendedStartNs)
        #expect(firsts == [0, second, 2 * second])
        let seconds = d.sent.filter { $0.d.item.conversationTurn!.turn == 2 }.map(\.d.intendedStartNs)
        #expect(seconds == [3 * second, 4 * second, 5 * second])
    }

    /// A turn that finally fails ends its conversation: its remaining turns are `not_sent` rows
    /// (linked, with the reason); the other conversation runs to its end; every planned turn is a row.
    @Test func aFailedTurnLeavesTheRestNotSent() {
        var d = ConversationDriver(plan(conversations(2, turns: 4))) { _ in second }
        d.outcome = { $0.item.itemId == "c0" && $0.item.conversationTurn!.turn == 2 ? (.error, .http4xx) : (.ok, nil) }
        d.run()
        #expect(d.stop == .allSent)
        let notSent = d.records.filter { $0.status == .notSent }
        #expect(notSent.map(\.conversationTurn) == [ConversationTurn(conversation: 0, turn: 3), ConversationTurn(conversation: 0, turn: 4)])
        #expect(notSent.allSatisfy { $0.errorMessage == "not sent: turn 2 of this conversation failed" && $0.intendedStartNs == nil })
        #expect(d.records.filter { $0.itemId == "c1" && $0.status == .ok }.count == 4)
        #expect(Set(d.records.map(\.requestIndex)) == Set(0..<8))
    }

    /// A retried turn keeps its request index and the conversation goes on after it succeeds.
    @Test func aRetriedTurnKeepsItsIndexAndTheConversationGoesOn() {
        var failedOnce = false
        var d = ConversationDriver(plan(conversations(1, turns: 3), retries: 2)) { _ in second }
        d.outcome = { dispatch in
            if dispatch.item.conversationTurn!.turn == 2 && !failedOnce { failedOnce = true; return (.error, .http5xx) }
            return (.ok, nil)
        }
        d.run()
        let turn2 = d.records.filter { $0.conversationTurn?.turn == 2 }
        #expect(turn2.map(\.attempt) == [0, 1] && Set(turn2.map(\.requestIndex)).count == 1)
        #expect(d.records.filter { $0.status == .ok }.count == 3)
        #expect(d.records.allSatisfy { $0.status != .notSent })
    }

    /// Stopping mid-run (duration or interrupt): the turns never sent, of conversations under way and
    /// of those never started, are `not_sent` rows; indices cover every planned turn once.
    @Test(arguments: [false, true])
    func stoppingLeavesEveryUnsentTurnARow(interrupt: Bool) {
        let p = plan(conversations(3, turns: 3), durationNs: interrupt ? 3_600 * second : 2_500_000_000)
        var d = ConversationDriver(p) { _ in second }
        if interrupt { d.stopAtNs = 2_500_000_000 }
        d.run()
        #expect(d.stop == (interrupt ? .interrupted : .duration))
        #expect(Set(d.records.map(\.requestIndex)) == Set(0..<9))
        let keys = Set(d.records.map { "\($0.conversationTurn!.conversation)/\($0.conversationTurn!.turn)" })
        #expect(keys.count == 9)
        #expect(d.records.filter { $0.status == .notSent }.count == 6)
    }
}
