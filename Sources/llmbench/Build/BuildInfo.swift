import LLMBenchCore

/// What this binary was built from, embedded at build time: never read from the directory the user
/// stands in, nor from a checkout found near the binary.
///
/// The Makefile's targets (`make build`, `make release`, `make test`, `make install`) run
/// `scripts/build-stamp.sh`, which writes `Stamp/BuildStamp.generated.swift` (not in git) with the
/// commit of the source tree being built (`-dirty` when it had uncommitted changes), and build with
/// `LLMBENCH_BUILD_STAMP=1`, which makes Package.swift compile `Stamp/` instead of `Unstamped/`. A plain `swift build`, or a source tree without `.git`, records `unknown`.
enum BuildInfo {
    /// The release number (`LLMBenchVersion.current`, a fact of the source).
    static var version: String { LLMBenchVersion.current }
    /// The commit llmbench was built from, or `unknown`.
    static var commit: String { BuildStamp.commit ?? "unknown" }
}
