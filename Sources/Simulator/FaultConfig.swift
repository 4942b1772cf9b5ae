import Foundation

/// A failure the simulator can inject into a response, by name as `--faults` and the
/// `x-llmbench-fault` request header spell it.
public enum FaultKind: String, CaseIterable, Sendable, Codable {
    /// HTTP 429 with `Retry-After` (seconds) and the provider's rate-limit error body.
    case http429 = "http_429"
    /// Anthropic 529 `overloaded_error`; OpenAI and Gemini 503 with their error bodies.
    case overloaded
    /// HTTP 500 with the provider's internal-error body.
    case http500 = "http_500"
    /// A 200 stream that carries an error event after a few chunks, then ends.
    case streamError = "stream_error"
    /// A 200 stream that ends cleanly at the HTTP level after a few chunks but without the format's
    /// terminator (`[DONE]`, `message_stop`, Gemini `finishReason`); the connection is then closed.
    case truncate
    /// A stream that stops sending for `FaultConfig.stallNs` after a few chunks, then finishes normally.
    case stall
    /// The response head is held back for `FaultConfig.slowFirstByteNs` before anything is sent.
    case slowFirstByte = "slow_first_byte"
}

/// The rate at which each fault is injected, plus the fault's parameters. Rates are probabilities
/// per request in [0, 1] whose sum is at most 1; the draw is seeded by the server seed and the
/// request's sequence number, so the k-th request gets the same decision on every run.
public struct FaultConfig: Sendable, Equatable {
    /// Probability per request of each fault; missing kinds are 0.
    public var rates: [FaultKind: Double]
    /// The `Retry-After` value sent with an injected 429, in whole seconds.
    public var retryAfterSeconds: Int
    /// How long a `stall` pauses the stream, ns (not scaled by `timeScale`, so timeouts can be tested).
    public var stallNs: Int64
    /// How long `slow_first_byte` holds the response head, ns (not scaled by `timeScale`).
    public var slowFirstByteNs: Int64
    /// Content chunks sent before a mid-stream fault (`stream_error`, `truncate`, `stall`) strikes.
    public var chunksBeforeFault: Int

    public init(rates: [FaultKind: Double] = [:], retryAfterSeconds: Int = 1, stallNs: Int64 = 2_000_000_000,
                slowFirstByteNs: Int64 = 2_000_000_000, chunksBeforeFault: Int = 3) {
        self.rates = rates; self.retryAfterSeconds = retryAfterSeconds; self.stallNs = stallNs
        self.slowFirstByteNs = slowFirstByteNs; self.chunksBeforeFault = max(0, chunksBeforeFault)
    }

    /// No faults at all.
    public static let none = FaultConfig()

    /// Parses `kind=rate,kind=rate` (e.g. `http_429=0.1,truncate=0.05`). Each rate is a number in
    /// [0, 1]; their sum must be at most 1. An empty string means no faults.
    /// - Throws: `FaultConfigError` naming the bad entry and listing the valid kinds.
    public static func parse(_ text: String) throws -> FaultConfig {
        var config = FaultConfig()
        let valid = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
        for raw in text.split(separator: ",", omittingEmptySubsequences: true) {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw FaultConfigError(message: "fault entry \"\(entry)\" is not kind=rate; valid kinds: \(valid)")
            }
            guard let kind = FaultKind(rawValue: parts[0]) else {
                throw FaultConfigError(message: "unknown fault kind \"\(parts[0])\"; valid kinds: \(valid)")
            }
            guard let rate = Double(parts[1]), rate.isFinite, rate >= 0, rate <= 1 else {
                throw FaultConfigError(message: "fault \"\(parts[0])\": rate \"\(parts[1])\" is not a number in [0, 1]")
            }
            config.rates[kind] = rate
        }
        let total = config.rates.values.reduce(0, +)
        if total > 1 + 1e-12 {
            throw FaultConfigError(message: "fault rates sum to \(total), more than 1")
        }
        return config
    }

    /// Picks the fault for a uniform draw `u` in [0, 1): kinds are laid end to end in `allCases`
    /// order, each over an interval as wide as its rate; `nil` past the last one.
    func pick(unit u: Double) -> FaultKind? {
        var edge = 0.0
        for kind in FaultKind.allCases {
            guard let r = rates[kind], r > 0 else { continue }
            edge += r
            if u < edge { return kind }
        }
        return nil
    }
}

/// A bad fault specification; the message names the entry and the valid kinds.
public struct FaultConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var description: String { message }
}
