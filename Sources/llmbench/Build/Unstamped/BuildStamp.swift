/// The stamp of a build without the Makefile (`swift build`): no commit is known. Package.swift
/// compiles it unless `make` built with a generated stamp in `Build/Stamp/` (see `BuildInfo`).
enum BuildStamp {
    static let commit: String? = nil
}
