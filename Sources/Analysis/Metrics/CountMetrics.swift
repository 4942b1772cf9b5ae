import LLMBenchCore

/// Counts, shares and error rates. Counts cover non-warmup records only.
extension Metric {
    static func count(_ name: String, _ label: String, summary: Bool, direction: MetricDirection = .neutral,
                      family: MetricFamily = .counts, _ formula: String,
                      _ value: @escaping @Sendable (GroupTotals) -> Int) -> Metric {
        Metric(name: name, label: label, storedUnit: .count, direction: direction, family: family,
               shape: .scalar(inSummary: summary), formula: formula, compute: .total { Double(value($0)) })
    }

    static func ratio(_ name: String, _ label: String, summary: Bool, direction: MetricDirection = .lowerIsBetter,
                      family: MetricFamily = .counts, compared: Bool = false, _ formula: String,
                      _ value: @escaping @Sendable (GroupTotals) -> Double?) -> Metric {
        Metric(name: name, label: label, storedUnit: .ratio, direction: direction, family: family,
               shape: .scalar(inSummary: summary), formula: formula, comparedByDefault: compared ? [.mean] : [],
               compute: .total(value))
    }

    /// Logical requests sent: attempt-0 records that were sent (retries share their request's index).
    public static let requests = count("requests", "Requests", summary: true,
        "logical requests sent: records with attempt = 0 and status ≠ not_sent") { $0.requests }
    /// Planned logical requests, sent or not.
    public static let planned = count("planned", "Planned", summary: false,
        "planned logical requests: records with attempt = 0, not_sent included") { $0.planned }
    /// Planned requests never sent.
    public static let notSentCount = count("not_sent_count", "Not sent", summary: true, direction: .lowerIsBetter,
        "planned requests never sent (status not_sent): the run stopped before their turn") { $0.notSent }
    /// not_sent ÷ planned.
    public static let notSentRate = ratio("not_sent_rate", "Not-sent rate", summary: false,
        "not_sent_count / planned") { GroupTotals.ratio($0.notSent, $0.planned) }
    /// This group's share of its model's requests.
    public static let shareOfRequests = ratio("share_of_requests", "Share of the model's requests", summary: false,
                                              direction: .neutral,
        "requests / requests of the same model over every dataset (1 for model totals)") {
        GroupTotals.ratio($0.requests, $0.modelRequests)
    }
    /// Sent attempts.
    public static let attempts = count("attempts", "Attempts", summary: false,
        "sent non-warmup attempts, retries and cancelled ones included (not_sent excluded)") { $0.attempts }
    public static let retries = count("retries", "Retries", summary: true, "sent attempts with attempt > 0") { $0.retries }
    public static let succeeded = count("succeeded", "Succeeded", summary: false, "attempts with status = ok") { $0.succeeded }
    public static let errors = count("errors", "Errors", summary: true, direction: .lowerIsBetter,
                                     "attempts with status = error") { $0.errors }
    public static let cancelled = count("cancelled", "Cancelled", summary: false,
        "attempts with status = cancelled (stopped by the user or a cap; not errors)") { $0.cancelled }
    public static let warmup = count("warmup", "Warmup (excluded)", summary: false,
        "warmup attempts (excluded from every other figure)") { $0.warmup }

    /// Request error rate: logical requests whose final attempt failed ÷ requests sent, not counting
    /// requests whose final attempt was cancelled. Its bootstrap sample is one 1/0 per request.
    public static let errorRate = ratio("error_rate", "Error rate (requests)", summary: true, compared: true,
        "requests whose final attempt has status error / (requests sent − requests whose final attempt was cancelled); retried-then-ok requests are not errors") {
        GroupTotals.ratio($0.requestsFinalError, $0.requests - $0.requestsFinalCancelled)
    }
    /// Attempt error rate: failed attempts ÷ sent attempts (the `error_rate` of schema v1 reports).
    public static let attemptErrorRate = ratio("attempt_error_rate", "Error rate (attempts)", summary: true,
        "errors / attempts: every failed attempt, retries included") { GroupTotals.ratio($0.errors, $0.attempts) }

    /// Attempts per logical request: sent attempts of each request sent (1 = no retry).
    public static let attemptsPerRequest = Metric(
        name: "attempts_per_request", label: "Attempts per request", storedUnit: .count, direction: .lowerIsBetter,
        family: .counts, shape: .distribution(statistics: [.mean, .max], summary: []),
        formula: "sent attempts of each logical request (1 when it was not retried)",
        compute: .perRequest { Double($0.attempts) })

    /// Failures of one kind, `errors_<kind>`.
    static func errors(_ kind: ErrorKind) -> Metric {
        count("errors_\(kind.rawValue)", "Failures: \(kind.rawValue)", summary: false, direction: .lowerIsBetter,
              "failed or cancelled attempts whose error_kind is \(kind.rawValue)") { $0.failuresByKind[kind] ?? 0 }
    }

    /// Successful attempts by token source, `tokens_source_<source>`.
    static func tokensSource(_ source: TokenSource) -> Metric {
        count("tokens_source_\(source.rawValue)", "Token counts: \(source.rawValue)", summary: false, family: .tokens,
              "successful attempts whose token counts \(source.provenance)") {
            $0.tokenSources[source] ?? 0
        }
    }

    public static let tokensSourceNone = count("tokens_source_none", "Token counts: none", summary: false, family: .tokens,
        "successful attempts with no token counts at all") { $0.noUsage }

    /// Successful attempts whose server usage could not be trusted (`tokens_source = invalid`: raw usage
    /// kept, token columns NULL, not priced); they are also counted in `tokens_source_none`.
    public static let tokensSourceInvalid = Metric(
        name: "tokens_source_invalid", label: "Token counts: invalid", storedUnit: .count, direction: .lowerIsBetter,
        family: .tokens, shape: .scalar(inSummary: false),
        formula: "successful attempts whose server usage was refused as invalid (raw usage kept; no token figures, not priced)",
        compute: .countOf(.succeeded) { $0.usage == nil && $0.invalidUsageJSON != nil })

    /// Successful attempts whose answer-token count rests on an estimate (of the output or the reasoning in it).
    public static let answerTokensEstimated = count("answer_tokens_estimated", "Answer tokens estimated", summary: false,
                                                    family: .tokens,
        "successful attempts whose answer_tokens rest on an estimate (ITL and per-request speed then do too)") {
        $0.answerTokensEstimated
    }
}

/// Per-kind failure counts and token provenance counts: names derived from the Core enums.
public enum CountMetricNames {
    /// `errors_<error_kind>`, count: non-ok, non-warmup attempts whose `errorKind` is this kind.
    public static func errors(_ kind: ErrorKind) -> String { "errors_\(kind.rawValue)" }
    /// `tokens_source_<source>`, count: successful attempts whose usage came from this source.
    public static func tokensSource(_ source: TokenSource) -> String { "tokens_source_\(source.rawValue)" }
    /// Successful attempts with no usage at all, count.
    public static let tokensSourceNone = "tokens_source_none"
    /// Every token source, in the order reports list them.
    public static let tokenSources: [TokenSource] = [.server, .router, .estimated, .chunks, .o200k]
}

extension TokenSource {
    /// Where counts of this source came from, for a metric's formula (README "Token counts").
    var provenance: String {
        switch self {
        case .server: return "came from the provider"
        case .router: return "came through a router (config \"router\": true or x-litellm-* headers; may be the router's own estimate)"
        case .estimated: return "were counted locally (the model's own tokenizer, o200k_base as the stated proxy otherwise)"
        case .chunks: return "were counted as streamed events carrying text (config \"count_tokens\": \"chunks\")"
        case .o200k: return "were counted in o200k_base (config \"count_tokens\": \"o200k\")"
        case .invalid: return "were refused as invalid"
        }
    }
}
