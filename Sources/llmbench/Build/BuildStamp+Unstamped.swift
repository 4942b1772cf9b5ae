/// The stamp of a build without the Makefile (`swift build`): no commit is known. Package.swift
/// excludes this file when `make` built with a generated stamp (see `BuildInfo`).
enum BuildStamp {
    static let commit: String? = nil
}
