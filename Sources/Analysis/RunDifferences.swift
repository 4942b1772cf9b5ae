import LLMBenchCore

/// One way two runs differ that bears on whether comparing them is like with like (issue 12).
public struct RunDifference: Sendable, Equatable {
    /// Whether the difference makes the comparison meaningless (refuse: exit 65 unless
    /// `--allow-different`) or only worth knowing (warn).
    public enum Severity: String, Sendable { case refuse, warn }

    /// A short stable name, e.g. `load_loop`, `dataset_contents`, `prompt_template`, `rate`, `model_parameters`.
    public var kind: String
    public var severity: Severity
    /// What differs, e.g. `qa` or `gpt-4o-mini temperature`.
    public var subject: String
    public var baseline: String
    public var candidate: String

    /// One line, e.g. `load_loop: profile poisson (open loop) → closed (closed loop)`.
    public var text: String { "\(kind) (\(subject)): \(baseline) → \(candidate)" }
}

/// The stamp of the price catalog one model of a run was priced with (from `run_prices`).
public struct PriceStamp: Sendable, Equatable {
    public var model: String
    public var catalogSHA256: String?
    public var catalogDate: String?
    public init(model: String, catalogSHA256: String?, catalogDate: String?) {
        self.model = model; self.catalogSHA256 = catalogSHA256; self.catalogDate = catalogDate
    }
}

/// Finds every difference between two runs' recorded settings (pure).
///
/// Refused (a comparison would measure the difference, not a regression): open vs closed loop, a
/// dataset of the same name with different contents (SHA-256 in `run_datasets`) or a different
/// synthetic workload, simulated vs real. Prompt templates live in the dataset files, so the hash
/// covers them; llmbench records no separate template. Warned: a different profile within the
/// same loop kind, rate, concurrency, burst, rpm/tpm, model parameters (provider model id,
/// temperature, max output tokens, streaming, base URL, limits), retries, warmup, timeouts,
/// simulator time scale or faults, llmbench version, and a different price catalog (both sides are
/// then re-priced with the newer one, `Repricing`).
public enum RunDifferences {
    public static func find(baseline b: RunInfo, candidate c: RunInfo,
                            baselinePrices: [PriceStamp] = [], candidatePrices: [PriceStamp] = []) -> [RunDifference] {
        let bs = RunSettings.decodeOrEmpty(b.settingsJSON), cs = RunSettings.decodeOrEmpty(c.settingsJSON)
        var out: [RunDifference] = []
        func add(_ kind: String, _ severity: RunDifference.Severity, _ subject: String, _ x: String, _ y: String) {
            out.append(RunDifference(kind: kind, severity: severity, subject: subject, baseline: x, candidate: y))
        }
        func text<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "not set" }
        func check<T: Equatable>(_ kind: String, _ subject: String, _ x: T?, _ y: T?, _ severity: RunDifference.Severity = .warn) {
            if x != y { add(kind, severity, subject, text(x), text(y)) }
        }

        if b.simulated != c.simulated {
            add("simulated", .refuse, "run", b.simulated ? "simulated" : "real APIs", c.simulated ? "simulated" : "real APIs")
        }
        if let bp = bs.profile, let cp = cs.profile {
            if bs.isOpenLoop != cs.isOpenLoop {
                func loop(_ s: RunSettings, _ p: String) -> String { "\(p) (\(s.isOpenLoop ? "open loop" : "closed loop"))" }
                add("load_loop", .refuse, "profile", loop(bs, bp), loop(cs, cp))
            } else if bp != cp {
                add("profile", .warn, "profile", bp, cp)
            }
        }
        for name in Set(b.datasetHashes.keys).intersection(c.datasetHashes.keys).sorted()
            where b.datasetHashes[name] != c.datasetHashes[name] {
            add("dataset_contents", .refuse, name, "sha256 " + String(b.datasetHashes[name]!.prefix(12)),
                "sha256 " + String(c.datasetHashes[name]!.prefix(12)))
        }
        // A prompt template is part of what was asked: a changed one is a different workload. Runs
        // stored before template hashes existed (no task recorded) are not compared on it.
        for name in Set(b.datasetHashes.keys).intersection(c.datasetHashes.keys).sorted()
            where !b.datasetTasks.isEmpty && !c.datasetTasks.isEmpty && b.templateHashes[name] != c.templateHashes[name] {
            func shown(_ hash: String?) -> String { hash.map { "template sha256 " + String($0.prefix(12)) } ?? "built-in template" }
            add("prompt_template", .refuse, name, shown(b.templateHashes[name]), shown(c.templateHashes[name]))
        }
        check("synthetic_workload", "synthetic", bs.synthetic, cs.synthetic, .refuse)

        check("rate", "rate_per_s", bs.ratePerS, cs.ratePerS)
        check("concurrency", "concurrency", bs.concurrency, cs.concurrency)
        check("burst", "burst", bs.burst, cs.burst)
        check("rate", "rpm", bs.rpm, cs.rpm)
        check("rate", "tpm", bs.tpm, cs.tpm)
        check("retries", "retries", bs.retries, cs.retries)
        check("warmup", "warmup", bs.warmup, cs.warmup)
        // Conversations: the model's own answers or the recorded ones as history, and the pause between turns.
        check("conversation_history", "replay_assistant", bs.replayAssistant ?? false, cs.replayAssistant ?? false)
        check("think_time", "think_time_ns", bs.thinkTimeNs, cs.thinkTimeNs)
        check("timeouts", "timeouts", bs.timeouts, cs.timeouts)
        check("simulator", "time scale", bs.simulatorTimeScale, cs.simulatorTimeScale)
        check("simulator", "faults", bs.simulatorFaults, cs.simulatorFaults)
        check("llmbench_version", "llmbench", b.llmbenchVersion, c.llmbenchVersion)

        for m in bs.models {
            guard let n = cs.model(named: m.name) else { continue }
            check("model_parameters", "\(m.name) model", m.model, n.model)
            check("model_parameters", "\(m.name) kind", m.kind, n.kind)
            // The embedded simulator listens on a fresh loopback port each run: not a difference.
            if !(b.simulated && c.simulated) { check("model_parameters", "\(m.name) base_url", m.baseURL, n.baseURL) }
            check("model_parameters", "\(m.name) stream", m.stream, n.stream)
            check("model_parameters", "\(m.name) temperature", m.temperature, n.temperature)
            check("model_parameters", "\(m.name) max_output_tokens", m.maxOutputTokens, n.maxOutputTokens)
            check("model_parameters", "\(m.name) prompt_caching", m.promptCaching, n.promptCaching)
            check("model_parameters", "\(m.name) cache_ttl", m.cacheTTL, n.cacheTTL)
            check("model_parameters", "\(m.name) cache_placement", m.cachePlacement, n.cachePlacement)
            check("model_parameters", "\(m.name) reasoning_effort", m.reasoningEffort, n.reasoningEffort)
            check("model_parameters", "\(m.name) reasoning_budget_tokens", m.reasoningBudgetTokens, n.reasoningBudgetTokens)
            check("model_parameters", "\(m.name) thinking_level", m.thinkingLevel, n.thinkingLevel)
            check("model_parameters", "\(m.name) include_thoughts", m.includeThoughts, n.includeThoughts)
            check("model_parameters", "\(m.name) reasoning_summary", m.reasoningSummary, n.reasoningSummary)
            check("concurrency", "\(m.name) max_concurrency", m.limits?.maxConcurrency, n.limits?.maxConcurrency)
            check("rate", "\(m.name) requests_per_minute", m.limits?.requestsPerMinute, n.limits?.requestsPerMinute)
            check("rate", "\(m.name) tokens_per_minute", m.limits?.tokensPerMinute, n.limits?.tokensPerMinute)
        }
        for p in baselinePrices {
            guard let q = candidatePrices.first(where: { $0.model == p.model }) else { continue }
            if p.catalogSHA256 != q.catalogSHA256 || p.catalogDate != q.catalogDate {
                func stamp(_ s: PriceStamp) -> String {
                    "catalog " + (s.catalogDate ?? "undated") + (s.catalogSHA256.map { " sha256 " + $0.prefix(12) } ?? "")
                }
                add("price_catalog", .warn, p.model, stamp(p), stamp(q) + " (both re-priced with the newer catalog)")
            }
        }
        return out
    }
}
