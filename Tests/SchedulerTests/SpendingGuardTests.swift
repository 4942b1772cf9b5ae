import Testing
import LLMBenchCore
import Pricing
@testable import Scheduler

/// The cap arithmetic of `--max-cost`, with no threads: admission against spent + in flight,
/// settling a finished attempt, what an attempt is charged, and the dollar boundary.
@Suite struct SpendingGuardTests {
    /// 1 µ$ per input token per million = 1 pico-dollar per token; output 4 pico-dollars per token.
    static let entry = PriceEntry(provider: "test", model: "m", prices: TokenPrices(input: 1, output: 4))
    static let model = ModelSpec(name: "m", kind: .openai, baseURL: "http://127.0.0.1:9/v1", modelId: "m")
    static let item = WorkItem(dataset: "qa", itemId: "q1", task: .qa, system: "", user: "hi",
                               maxOutputTokens: 10, estimatedInputTokens: 5)
    /// 5 × 1 + 10 × 4 = 45 pico-dollars.
    static let worst: PicoDollars = 45

    @Test func worstCaseIsPromptAtInputPlusMaximumOutputAtOutput() {
        #expect(SpendingGuard.worstCase(Self.item, model: Self.model, entry: Self.entry) == Self.worst)
        var small = Self.model
        small.maxOutputTokens = 2
        let capped: PicoDollars? = 5 + 2 * 4
        #expect(SpendingGuard.worstCase(Self.item, model: small, entry: Self.entry) == capped)
        #expect(SpendingGuard.worstCase(Self.item, model: Self.model, entry: nil) == nil)
    }

    /// Room to think: a reasoning model's worst case counts the whole output limit (answer cap +
    /// reasoning budget) at the output price: 5 × 1 + (10 + 1,024) × 4 = 4,141 pico-dollars.
    @Test func worstCaseOfAReasoningModelCountsItsBudget() {
        var thinker = Self.model
        thinker.reasoning = ReasoningSettings(effort: .low)
        let withBudget: PicoDollars? = 5 + (10 + 1_024) * 4
        #expect(SpendingGuard.worstCase(Self.item, model: thinker, entry: Self.entry) == withBudget)
        thinker.maxOutputTokens = 2
        thinker.reasoning.budgetTokens = 2_000
        let ownBudget: PicoDollars? = 5 + (2 + 2_000) * 4
        #expect(SpendingGuard.worstCase(Self.item, model: thinker, entry: Self.entry) == ownBudget)
    }

    @Test func worstCaseOfManySumsAndSaturates() {
        let items = Array(repeating: Self.item, count: 3)
        #expect(SpendingGuard.worstCase(of: items, model: Self.model, entry: Self.entry) == 3 * Self.worst)
        #expect(SpendingGuard.worstCase(of: items, model: Self.model, entry: nil) == nil)
        #expect(SpendingGuard.worstCase(of: [], model: Self.model, entry: Self.entry) == 0)
        #expect(SpendingLedger.saturatingSum(.max, 1) == .max)
        #expect(SpendingLedger.saturatingSum(2, -5) == 2)
    }

    @Test func admitsWhileSpentPlusInFlightPlusNextFitsTheCap() {
        var l = SpendingLedger(capPico: 100)
        let ok3 = l.admit(worst: 45)
        #expect(ok3)
        let ok4 = l.admit(worst: 45)
        #expect(ok4)
        #expect(l.inFlightWorstPico == 90)
        let ok5 = l.admit(worst: 45)
        #expect(!ok5)          // 90 + 45 > 100
        #expect(l.capped)
        // Exactly at the cap is allowed.
        var exact = SpendingLedger(capPico: 90)
        let a1 = exact.admit(worst: 45), b1 = exact.admit(worst: 45)
        #expect(a1 && b1)
        #expect(!exact.capped)
    }

    @Test func settlingMovesTheWorstCaseOutAndTheChargeIn() {
        var l = SpendingLedger(capPico: 100)
        let a2 = l.admit(worst: 45), b2 = l.admit(worst: 45)
        #expect(a2 && b2)
        l.settle(worst: 45, charged: 12)
        #expect(l.inFlightWorstPico == 45 && l.spentPico == 12)
        let ok6 = l.admit(worst: 43)
        #expect(ok6)           // 12 + 45 + 43 = 100
        let ok7 = l.admit(worst: 1)
        #expect(!ok7)
    }

    @Test func overflowIsOverTheCapNeverATrap() {
        var l = SpendingLedger(capPico: .max)
        let ok8 = l.admit(worst: .max)
        #expect(ok8)
        let ok9 = l.admit(worst: 1)
        #expect(!ok9)
        #expect(l.capped)
        l.settle(worst: .max, charged: .max)
        l.settle(worst: 0, charged: .max)
        #expect(l.spentPico == .max && l.inFlightWorstPico == 0)
    }

    @Test func dollarsBecomePicoDollarsAtTheBoundary() {
        #expect(SpendingLedger(capUSD: 0.5).capPico == 500_000_000_000)
        #expect(SpendingLedger(capUSD: 1e-12).capPico == 1)
        #expect(SpendingLedger(capUSD: 1e30).capPico == .max)
        #expect(SpendingLedger(capUSD: -1).capPico == 0)
    }

    @Test func chargedIsTheServersCostElseNothingOrTheWorstCase() {
        var r = RequestRecord(runId: "r", requestIndex: 0, model: "m", dataset: "qa", itemId: "q1", status: .ok,
                              intendedStartNs: 0, firstByteNs: 10,
                              usage: Usage(inputTokens: 5, outputTokens: 3, source: .server))
        #expect(SpendingLedger.charged(r, worst: 45, entry: Self.entry) == 5 + 3 * 4)
        // Estimated usage: the provider may bill anything up to the worst case.
        r.usage = Usage(inputTokens: 5, outputTokens: 3, source: .estimated)
        #expect(SpendingLedger.charged(r, worst: 45, entry: Self.entry) == 45)
        // No response byte: nothing was generated.
        r.firstByteNs = nil
        r.status = .error
        #expect(SpendingLedger.charged(r, worst: 45, entry: Self.entry) == 0)
        r.firstByteNs = 10
        r.status = .cancelled
        #expect(SpendingLedger.charged(r, worst: 45, entry: Self.entry) == 0)
    }

    @Test func theGuardCapsAfterWhatFinishedAttemptsCost() {
        let g = SpendingGuard(capUSD: 100e-12, entries: ["m": Self.entry], models: [Self.model])
        #expect(g.allowSend(model: Self.model, item: Self.item))
        #expect(g.allowSend(model: Self.model, item: Self.item))
        #expect(!g.allowSend(model: Self.model, item: Self.item))
        #expect(g.capped)
        let done = RequestRecord(runId: "r", requestIndex: 0, model: "m", dataset: "qa", itemId: "q1", status: .ok,
                                 intendedStartNs: 0, firstByteNs: 10, usage: Usage(inputTokens: 5, outputTokens: 3, source: .server))
        g.didFinish(done, item: Self.item)
        #expect(g.state.spentPico == 17 && g.state.inFlightWorstPico == 45)
        #expect(g.spentUSD == 17e-12)
        // A model without a price counts nothing against the cap.
        let other = ModelSpec(name: "free", kind: .openai, baseURL: "http://127.0.0.1:9/v1", modelId: "free")
        #expect(g.allowSend(model: other, item: Self.item))
    }
}
