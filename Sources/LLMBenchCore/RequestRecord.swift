/// Token counts of one request, normalised to mean the same for every provider:
/// `inputTokens` is every prompt token (cached or not), of which `cachedInputTokens` were read from
/// cache and `cacheWriteTokens` written to it; `outputTokens` is every generated token, of which
/// `reasoningTokens` were reasoning.
public struct Usage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int
    public var cacheWriteTokens: Int
    /// Part of `cacheWriteTokens` written with a 1-hour lifetime (Anthropic
    /// `cache_creation.ephemeral_1h_input_tokens`); the rest were 5-minute writes.
    public var cacheWrite1hTokens: Int
    public var reasoningTokens: Int
    public var source: TokenSource
    /// Where `reasoningTokens` came from: the server's own count, or a local estimate (Anthropic
    /// counts thinking inside `output_tokens`, so llmbench estimates it from the thinking text); only
    /// ever `server` or `estimated`.
    public var reasoningSource: TokenSource

    public init(inputTokens: Int, outputTokens: Int, cachedInputTokens: Int = 0, cacheWriteTokens: Int = 0,
                reasoningTokens: Int = 0, source: TokenSource, reasoningSource: TokenSource? = nil,
                cacheWrite1hTokens: Int = 0) {
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens; self.reasoningTokens = reasoningTokens; self.source = source
        // `reasoning_tokens_source` is `server` or `estimated`: a router reports, llmbench's own counts estimate.
        self.reasoningSource = reasoningSource ?? (source.isReported ? .server : .estimated)
    }

    /// 5-minute cache writes, tokens: cacheWriteTokens − cacheWrite1hTokens (never below 0).
    public var cacheWrite5mTokens: Int { max(0, cacheWriteTokens - max(0, cacheWrite1hTokens)) }

    /// Tokens of the answer, tokens: outputTokens − reasoningTokens (never below 0).
    public var answerTokens: Int { max(0, outputTokens - max(0, reasoningTokens)) }
    /// True when `answerTokens` rests on an estimate (of the output or of the reasoning in it).
    public var answerTokensEstimated: Bool {
        source.isLocalCount || (reasoningTokens > 0 && reasoningSource == .estimated)
    }
}

/// libcurl's own phase timings for one transfer, as durations in nanoseconds from that transfer's
/// start (`CURLINFO_*_TIME_T`, microseconds in libcurl, stored ×1000). `nil` when libcurl had none.
public struct TransferPhases: Sendable, Equatable, Codable {
    public var nameLookupNs: Int64?
    public var connectNs: Int64?
    public var tlsHandshakeNs: Int64?
    public var preTransferNs: Int64?
    public var startTransferNs: Int64?
    public var totalNs: Int64?
    public init(nameLookupNs: Int64? = nil, connectNs: Int64? = nil, tlsHandshakeNs: Int64? = nil,
                preTransferNs: Int64? = nil, startTransferNs: Int64? = nil, totalNs: Int64? = nil) {
        self.nameLookupNs = nameLookupNs; self.connectNs = connectNs; self.tlsHandshakeNs = tlsHandshakeNs
        self.preTransferNs = preTransferNs; self.startTransferNs = startTransferNs; self.totalNs = totalNs
    }
}

/// Everything measured about one attempt of one request: one row of the `requests` table.
///
/// All `*Ns` timestamps are integer nanoseconds on the run's monotonic clock, relative to the run's
/// start; `nil` means the moment never happened (e.g. no first token for a failed request).
public struct RequestRecord: Sendable, Equatable {
    public var runId: String
    /// Index of the logical request within the run; retries of it share this number.
    public var requestIndex: Int
    /// 0 for the first attempt, 1 for the first retry, …
    public var attempt: Int
    public var model: String
    public var dataset: String
    public var itemId: String
    /// Warmup requests are sent and stored but left out of the figures.
    public var warmup: Bool

    public var status: RequestStatus
    public var errorKind: ErrorKind?
    /// What happened, for a human; never contains a key.
    public var errorMessage: String?
    public var httpStatus: Int?

    /// When the scheduler meant to send: the schedule time in open loop (any wait inside the client
    /// is dispatch lag), the moment a stream became free in closed loop. `nil` only for a closed-loop
    /// request that was never sent (`status == .notSent`): it had no turn yet.
    public var intendedStartNs: Int64?
    /// When the request was handed to the transport.
    public var sentNs: Int64?
    /// First response byte (headers included).
    public var firstByteNs: Int64?
    /// First generated token of any kind, reasoning included (TTFT).
    public var firstTokenNs: Int64?
    /// First non-reasoning output text (TTFO); equals `firstTokenNs` for models that do not reason.
    public var firstOutputNs: Int64?
    /// Arrival of the last chunk that carried a token.
    public var lastTokenNs: Int64?
    /// The transfer finished (successfully or not).
    public var doneNs: Int64?
    /// Arrival time of every body chunk that carried at least one token, in order.
    public var chunkArrivalsNs: [Int64]

    public var usage: Usage?
    /// The server's usage object as it arrived (redacted, at most 2 KB), when it could not be trusted:
    /// `usage` is then `nil` and the row's `tokens_source` is `invalid`.
    public var invalidUsageJSON: String?
    /// Stored answer text (at most the stored-text limit; see `responseBytes`).
    public var responseText: String
    /// The answer's full length in UTF-8 bytes when `responseText` was cut at the stored-text limit;
    /// `nil` when it was stored whole.
    public var responseBytes: Int64?
    public var finishReason: String?

    /// What the provider said about itself.
    public var providerRequestId: String?
    public var systemFingerprint: String?
    public var servedModel: String?
    /// `x-ratelimit-*` / `anthropic-ratelimit-*` / `retry-after` response headers, name → value.
    public var rateLimitHeaders: [String: String]

    public var phases: TransferPhases

    /// The prompt (system + user text) counted in o200k_base, the common unit every vendor is compared in;
    /// filled after the run (`nil` before, in rows of older databases, and for attempts that failed).
    public var inputO200kTokens: Int?
    /// The answer text (never reasoning) counted in o200k_base, scaled to full length when the stored
    /// text was cut; filled after the run like `inputO200kTokens`.
    public var outputO200kTokens: Int?
    /// The conversation and turn of a conversation dataset's request; nil for a single-turn request.
    public var conversationTurn: ConversationTurn?

    public init(runId: String, requestIndex: Int, attempt: Int = 0, model: String, dataset: String, itemId: String,
                warmup: Bool = false, status: RequestStatus, errorKind: ErrorKind? = nil, errorMessage: String? = nil,
                httpStatus: Int? = nil, intendedStartNs: Int64?, sentNs: Int64? = nil, firstByteNs: Int64? = nil,
                firstTokenNs: Int64? = nil, firstOutputNs: Int64? = nil, lastTokenNs: Int64? = nil,
                doneNs: Int64? = nil, chunkArrivalsNs: [Int64] = [], usage: Usage? = nil,
                invalidUsageJSON: String? = nil, responseText: String = "", responseBytes: Int64? = nil,
                finishReason: String? = nil, providerRequestId: String? = nil, systemFingerprint: String? = nil,
                servedModel: String? = nil, rateLimitHeaders: [String: String] = [:],
                phases: TransferPhases = TransferPhases(), inputO200kTokens: Int? = nil, outputO200kTokens: Int? = nil) {
        self.inputO200kTokens = inputO200kTokens; self.outputO200kTokens = outputO200kTokens
        self.runId = runId; self.requestIndex = requestIndex; self.attempt = attempt; self.model = model
        self.dataset = dataset; self.itemId = itemId; self.warmup = warmup; self.status = status
        self.errorKind = errorKind; self.errorMessage = errorMessage; self.httpStatus = httpStatus
        self.intendedStartNs = intendedStartNs; self.sentNs = sentNs; self.firstByteNs = firstByteNs
        self.firstTokenNs = firstTokenNs; self.firstOutputNs = firstOutputNs; self.lastTokenNs = lastTokenNs
        self.doneNs = doneNs; self.chunkArrivalsNs = chunkArrivalsNs; self.usage = usage
        self.invalidUsageJSON = invalidUsageJSON; self.responseBytes = responseBytes
        self.responseText = responseText; self.finishReason = finishReason
        self.providerRequestId = providerRequestId; self.systemFingerprint = systemFingerprint
        self.servedModel = servedModel; self.rateLimitHeaders = rateLimitHeaders; self.phases = phases
    }
}

/// Where finished records go (the store, in the product; an array, in tests). Called from the
/// transport's thread: an implementation must be cheap and thread-safe (batch and hand off).
public protocol RecordSink: Sendable {
    func record(_ record: RequestRecord)
}

extension RequestRecord {
    /// The response header an llmbench simulator sets on every answer (`llmbench simulate` or the
    /// simulator embedded in a run); kept among `rateLimitHeaders` by the client.
    public static let simulatorHeader = "x-llmbench-simulator"

    /// Whether this attempt was answered by an llmbench simulator.
    public var servedBySimulator: Bool { rateLimitHeaders[Self.simulatorHeader] != nil }
}
