import Datasets
import LLMBenchCore

/// The decisions of a conversation run, as a pure state machine (no threads, no clock; the owner,
/// `Runner`, passes run-clock time in and performs the returned `Step`s).
///
/// Rules (issue 15):
/// - A conversation's turns go one after another: turn k+1 is built once turn k has answered, with
///   the history so far (each earlier user message and the model's own answer, or the recorded
///   answer with `replayAssistant`).
/// - Turn k+1 is intended at turn k's end plus the think time (the conversation's, else the plan's),
///   so a later wait for the limiter or the in-flight cap is dispatch lag, as in open loop.
/// - A conversation's start follows the load profile. Closed loop: `concurrency` counts conversations:
///   each stream holds one conversation from its first turn to its last, think times included; its
///   first turn is intended when the stream became free or the limiter allowed. Open loop:
///   conversation starts are the arrival schedule; `concurrency` caps requests in flight.
/// - A failed turn is retried as any request (`RetryPolicy`, same request index); when it finally
///   fails (or is cancelled) the conversation ends and its remaining turns are `not_sent` rows.
/// - Sending stops as in `RunScheduler` (duration, interrupt, send guard); every planned turn never
///   sent is a `not_sent` row (`takeNotSent`).
public struct ConversationScheduler: RunMachine, LaneDispatching {
    public let plan: ConversationPlan
    private var lanes: [Lane]
    private var nextRequestIndex = 0
    private var rng: SplitMix64
    public internal(set) var stopReason: StopReason?
    public internal(set) var attempts = 0
    public internal(set) var errors = 0
    public internal(set) var cancelled = 0
    public private(set) var retries = 0
    public private(set) var firstSentNs: Int64?
    public internal(set) var lastDoneNs: Int64?
    /// Conversations whose every turn answered, over every model.
    public private(set) var conversationsCompleted = 0
    /// Not-sent rows still to hand out, in order (filled once sending stops).
    private var unsent: [Unsent] = []
    private var unsentFilled = false

    /// One conversation under way on one lane.
    private struct Active: Sendable {
        var index: Int
        /// 0-based turn to send next (or in flight).
        var turn = 0
        var history: [ChatMessage] = []
        var attempt = 0
        /// The current turn's request index, once its first attempt went.
        var requestIndex: Int?
        var dueNs: Int64
        var inFlight = false
    }

    /// Turns `fromTurn...` of conversation `index` on `lane`, to be recorded `not_sent`.
    private struct Unsent: Sendable {
        var lane: Int
        var index: Int
        var fromTurn: Int
        /// Intended start of the first of them (open loop: a never-started conversation's schedule time).
        var firstIntendedNs: Int64?
        /// Why, when it is a failed turn (else the run stopped first).
        var failedTurn: Int?
    }

    private struct Lane: Sendable {
        var model: ModelSpec
        var limiter: ModelLimiter
        var concurrency: Int
        var inFlight = 0
        /// Closed loop: run-clock times at which streams became free, earliest first.
        var freeSince: FreeStreams
        var nextFresh = 0
        var schedule: ArrivalSchedule
        var nextArrivalNs: Int64?
        var active: [Active] = []
        var failed: [Unsent] = []
    }

    public init(plan: ConversationPlan) {
        self.plan = plan
        let run = plan.run
        rng = SplitMix64(seed: run.seed ^ 0xC0_5EED)
        lanes = run.models.enumerated().map { i, m in
            let conc = max(1, min(run.concurrency, m.limits.maxConcurrency ?? Int.max))
            return Lane(model: m,
                        limiter: ModelLimiter(requestsPerSecond: run.profile.isOpenLoop ? nil : run.ratePerSecond,
                                              burst: run.burst, limits: m.limits, nowNs: 0),
                        concurrency: conc, freeSince: FreeStreams(count: conc),
                        schedule: ArrivalSchedule(profile: run.profile, seed: run.seed &+ UInt64(i), startNs: 0))
        }
    }

    private var openLoop: Bool { plan.run.profile.isOpenLoop }
    var laneCount: Int { lanes.count }
    var allLanesStoppedByFailures: Bool { false }
    var maxDurationNs: Int64 { plan.run.maxDurationNs }
    private var conversationCount: Int { plan.conversations.count }
    public var inFlight: Int { lanes.reduce(0) { $0 + $1.inFlight } }

    public mutating func interrupt() {
        if stopReason != .capped { stopReason = .interrupted }
    }

    public mutating func next(nowNs t: Int64, allow: (ModelSpec, WorkItem) -> Bool) -> RunScheduler.Step {
        step(nowNs: t, allow: allow)
    }

    /// Starts the conversations due by `t`: closed loop one per free stream, open loop each whose
    /// arrival has come.
    private mutating func admit(lane li: Int, now t: Int64) {
        while lanes[li].nextFresh < conversationCount {
            let due: Int64
            if openLoop {
                if lanes[li].nextArrivalNs == nil { lanes[li].nextArrivalNs = lanes[li].schedule.next(startNs: 0) }
                due = lanes[li].nextArrivalNs!
                guard due <= t else { return }
                lanes[li].nextArrivalNs = nil
            } else {
                guard let free = lanes[li].freeSince.first, free <= t else { return }
                lanes[li].freeSince.removeFirst()
                due = free
            }
            lanes[li].active.append(Active(index: lanes[li].nextFresh, dueNs: due))
            lanes[li].nextFresh += 1
        }
    }

    mutating func dispatchReady(lane li: Int, now t: Int64, allow: (ModelSpec, WorkItem) -> Bool,
                                        into out: inout [Dispatch]) -> LaneState {
        admit(lane: li, now: t)
        while true {
            let lane = lanes[li]
            let freshLeft = lane.nextFresh < conversationCount
            guard freshLeft || !lane.active.isEmpty else { return .idle(remaining: false, nextNs: nil) }
            let waiting = lane.active.indices.filter { !lane.active[$0].inFlight }
            let soonest = waiting.min { lane.active[$0].dueNs < lane.active[$1].dueNs }
            let arrival = openLoop && freshLeft ? lane.nextArrivalNs : nil
            // At the in-flight cap a completion wakes the owner; else the soonest due turn or arrival.
            guard lane.inFlight < lane.concurrency else { return .idle(remaining: true, nextNs: nil) }
            guard let ai = soonest, lane.active[ai].dueNs <= t else {
                let wake = [soonest.map { lane.active[$0].dueNs }, arrival].compactMap { $0 }.min()
                return .idle(remaining: true, nextNs: wake)
            }

            var a = lane.active[ai]
            let conversation = plan.conversations[a.index]
            let item = conversation.item(turn: a.turn, history: a.history, conversationIndex: a.index)
            let limit = lane.model.outputLimit(taskMax: item.maxOutputTokens)
            let (sum, over) = item.inputTokens(in: lane.model.promptEncoding).addingReportingOverflow(limit)
            switch lanes[li].limiter.acquire(tokens: over ? .max : sum, nowNs: t) {
            case .wait(let ns):
                // Every turn of the lane needs the limiter: nothing goes before it allows.
                return .idle(remaining: true, nextNs: t + ns)
            case .proceed(let eligibleSince):
                guard allow(lane.model, item) else { return .capped }
                // A closed-loop conversation's first turn is paced like any closed-loop request;
                // every later turn is intended at the previous turn's end plus the think time.
                let firstOfClosedLoop = !openLoop && a.turn == 0 && a.attempt == 0
                let intended = firstOfClosedLoop ? max(a.dueNs, eligibleSince) : a.dueNs
                if a.requestIndex == nil {
                    a.requestIndex = nextRequestIndex
                    nextRequestIndex += 1
                }
                a.inFlight = true
                lanes[li].active[ai] = a
                lanes[li].inFlight += 1
                if firstSentNs == nil { firstSentNs = t }
                out.append(Dispatch(lane: li, item: item, requestIndex: a.requestIndex!, attempt: a.attempt,
                                    warmup: false, intendedStartNs: intended))
            }
        }
    }

    public mutating func complete(_ record: RequestRecord, of d: Dispatch, nowNs: Int64, retryAfterNs: Int64? = nil) {
        let done = record.doneNs ?? nowNs
        let li = d.lane
        lanes[li].inFlight -= 1
        count(record, doneNs: done)
        guard let index = d.item.conversationTurn?.conversation,
              let ai = lanes[li].active.firstIndex(where: { $0.index == index && $0.inFlight }) else { return }
        var a = lanes[li].active[ai]
        a.inFlight = false
        let conversation = plan.conversations[index]
        if record.status == .ok {
            let answer = plan.replayAssistant ? (conversation.turns[a.turn].recordedAnswer ?? "") : record.responseText
            a.history.append(ChatMessage(role: .user, content: conversation.turns[a.turn].user))
            a.history.append(ChatMessage(role: .assistant, content: answer))
            a.turn += 1
            a.attempt = 0
            a.requestIndex = nil
            if a.turn == conversation.turns.count {
                conversationsCompleted += 1
                end(lane: li, at: ai, doneNs: done)
                return
            }
            a.dueNs = done.saturatingAdd(plan.thinkTime(conversation))
            lanes[li].active[ai] = a
        } else if stopReason == nil, plan.run.retry.shouldRetry(record) {
            retries += 1
            a.dueNs = done + plan.run.retry.delayNs(nextAttempt: a.attempt + 1, retryAfterNs: retryAfterNs, rng: &rng)
            a.attempt += 1
            lanes[li].active[ai] = a
        } else {
            // The turn finally failed (or was cancelled): the rest of the conversation is not sent.
            if a.turn + 1 < conversation.turns.count {
                lanes[li].failed.append(Unsent(lane: li, index: index, fromTurn: a.turn + 1, firstIntendedNs: nil,
                                               failedTurn: record.status == .error ? a.turn + 1 : nil))
            }
            end(lane: li, at: ai, doneNs: done)
        }
    }

    /// Ends an active conversation; in closed loop its stream is free from `doneNs`.
    private mutating func end(lane li: Int, at ai: Int, doneNs: Int64) {
        lanes[li].active.remove(at: ai)
        if !openLoop {
            lanes[li].freeSince.insert(doneNs)
        }
    }

    /// Collects, once sending has stopped, every turn that will never be sent: the rest of failed
    /// conversations, of conversations under way, and every turn of conversations never started.
    private mutating func fillUnsent() {
        unsentFilled = true
        for li in lanes.indices {
            unsent += lanes[li].failed
            for a in lanes[li].active {
                // A turn with a request index has its attempts recorded already (a retry was pending).
                let from = a.requestIndex == nil ? a.turn : a.turn + 1
                unsent.append(Unsent(lane: li, index: a.index, fromTurn: from,
                                     firstIntendedNs: openLoop && a.turn == 0 ? a.dueNs : nil, failedTurn: nil))
            }
            lanes[li].failed = []
            lanes[li].active = []
            while lanes[li].nextFresh < conversationCount {
                var intended: Int64?
                if openLoop {
                    intended = lanes[li].nextArrivalNs ?? lanes[li].schedule.next(startNs: 0)
                    lanes[li].nextArrivalNs = nil
                }
                unsent.append(Unsent(lane: li, index: lanes[li].nextFresh, fromTurn: 0, firstIntendedNs: intended,
                                     failedTurn: nil))
                lanes[li].nextFresh += 1
            }
        }
        unsent.reverse()  // taken from the end
    }

    /// The next `limit` (at most) `not_sent` rows once sending has stopped, one per planned turn never
    /// sent, each with its conversation and turn; request indices continue after the sent ones.
    public mutating func takeNotSent(runId: String, limit: Int) -> [RequestRecord] {
        precondition(stopReason != nil, "not_sent rows exist only once sending has stopped")
        if !unsentFilled { fillUnsent() }
        var out: [RequestRecord] = []
        while out.count < limit, var u = unsent.popLast() {
            let conversation = plan.conversations[u.index]
            while u.fromTurn < conversation.turns.count && out.count < limit {
                var r = RequestRecord(runId: runId, requestIndex: nextRequestIndex, attempt: 0,
                                      model: lanes[u.lane].model.name, dataset: conversation.dataset,
                                      itemId: conversation.id, status: .notSent, intendedStartNs: u.firstIntendedNs)
                r.conversationTurn = ConversationTurn(conversation: u.index, turn: u.fromTurn + 1)
                if let f = u.failedTurn { r.errorMessage = "not sent: turn \(f) of this conversation failed" }
                out.append(r)
                nextRequestIndex += 1
                u.fromTurn += 1
                u.firstIntendedNs = nil
            }
            if u.fromTurn < conversation.turns.count { unsent.append(u) }
        }
        return out
    }

    public func progress(nowNs: Int64) -> RunProgress {
        RunProgress(planned: plan.plannedRequests, finished: attempts, errors: errors, retries: retries,
                    inFlight: inFlight, elapsedNs: nowNs)
    }
}
