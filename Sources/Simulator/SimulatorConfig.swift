import LLMBenchCore

/// Everything that decides how the simulator answers: its models, its faults, its seed and its pace.
public struct SimulatorConfig: Sendable {
    /// The simulated models; a request naming any other model gets the provider's 404.
    public var profiles: [LatencyProfile]
    /// Fault rates and parameters (none by default).
    public var faults: FaultConfig
    /// Seeds every random draw: timings and text come from (seed, model, prompt); fault decisions
    /// and ids from (seed, request sequence number).
    public var seed: UInt64
    /// Multiplies every profile delay, the minimum TTFT included (1 = the profile's own pace; tests
    /// use e.g. 0.05). Fault pauses (`stallNs`, `slowFirstByteNs`) are not scaled.
    public var timeScale: Double
    /// Event-loop threads; each owns an `epoll` instance and accepts from the shared listener.
    public var eventLoopThreads: Int
    /// Error bodies and mid-stream error events pretty-printed, as Google (and some proxies) send
    /// them, instead of compact JSON.
    public var prettyErrors: Bool
    /// The clock the prompt cache's lifetimes are measured on (tests pass a `ManualClock`).
    public var clock: any MonotonicClock

    public init(profiles: [LatencyProfile] = LatencyProfile.builtIn, faults: FaultConfig = .none,
                seed: UInt64 = 0x5EED_11B3_4C4E_0001, timeScale: Double = 1, eventLoopThreads: Int = 1,
                prettyErrors: Bool = false, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.clock = clock
        self.prettyErrors = prettyErrors
        self.profiles = profiles; self.faults = faults; self.seed = seed
        self.timeScale = timeScale.isFinite ? max(0, timeScale) : 1
        self.eventLoopThreads = max(1, min(64, eventLoopThreads))
    }

    /// The built-in profiles, no faults, real-time pace, one event loop.
    public static let `default` = SimulatorConfig()
}
