import LLMBenchCore

/// One option a command accepts.
struct OptionSpec: Sendable {
    /// Long name without dashes, e.g. `db`.
    var name: String
    /// Placeholder shown in help (`PATH`); nil for a flag that takes no value.
    var valueName: String?
    var help: String
    /// Whether the option may be given more than once (values accumulate).
    var repeatable = false

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }
    static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable)
    }
}

/// Parsed command-line arguments of one subcommand.
struct Arguments: Sendable {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `--name value`, `--name=value`, flags and positionals against `specs`.
    /// Unknown options and missing values are usage errors (exit 64) that list what is valid.
    init(_ argv: [String], specs: [OptionSpec], command: String) throws {
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var i = 0
        var onlyPositionals = false
        while i < argv.count {
            let arg = argv[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                if arg.hasPrefix("-") && arg != "-" && !onlyPositionals && arg.count > 1 {
                    throw LLMBenchError.usage("llmbench \(command): unknown option '\(arg)'\n\(Self.validList(specs))")
                }
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = byName[name] else {
                throw LLMBenchError.usage("llmbench \(command): unknown option '--\(name)'\n\(Self.validList(specs))")
            }
            if spec.valueName == nil {
                if inline != nil {
                    throw LLMBenchError.usage("llmbench \(command): --\(name) takes no value")
                }
                flags.insert(name)
                continue
            }
            let value: String
            if let v = inline {
                value = v
            } else {
                guard i < argv.count else {
                    throw LLMBenchError.usage("llmbench \(command): --\(name) needs a value (\(spec.valueName!))")
                }
                value = argv[i]
                i += 1
            }
            if values[name] != nil && !spec.repeatable {
                throw LLMBenchError.usage("llmbench \(command): --\(name) given more than once")
            }
            values[name, default: []].append(value)
        }
    }

    static func validList(_ specs: [OptionSpec]) -> String {
        "valid options: " + (specs.map { "--" + $0.name } + ["--help"]).joined(separator: ", ")
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func string(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A comma-separated list option, e.g. `--models a,b` (repeats accumulate).
    func list(_ name: String) -> [String]? {
        guard let v = values[name] else { return nil }
        return v.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    func int(_ name: String, min: Int = Int.min, max: Int = Int.max) throws -> Int? {
        guard let s = string(name) else { return nil }
        guard let v = Int(s), v >= min, v <= max else {
            let range = max == Int.max ? "a whole number ≥ \(min)" : "a whole number from \(min) to \(max)"
            throw LLMBenchError.usage("--\(name): '\(s)' is not valid (expected \(range))")
        }
        return v
    }

    /// A finite number in [`min`, `max`] (`min` excluded with `exclusiveMin`); anything else is a
    /// usage error naming the option and the range.
    func double(_ name: String, min: Double = -.infinity, exclusiveMin: Bool = false, max: Double = .infinity) throws -> Double? {
        guard let s = string(name) else { return nil }
        guard let v = Double(s), v.isFinite, exclusiveMin ? v > min : v >= min, v <= max else {
            var range = "a number \(exclusiveMin ? ">" : "≥") \(Self.plain(min))"
            if max.isFinite { range += " and ≤ \(Self.plain(max))" }
            throw LLMBenchError.usage("--\(name): '\(s)' is not valid (expected \(range))")
        }
        return v
    }

    private static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// A duration: `90s`, `10m`, `1h`, `250ms`, or a bare number of seconds, at most
    /// `DurationText.maxNs` (30 days). Returns nanoseconds.
    func duration(_ name: String) throws -> Int64? {
        guard let s = string(name) else { return nil }
        guard let ns = DurationText.parseNs(s) else {
            throw LLMBenchError.usage("--\(name): '\(s)' is not a duration from 0 to 30 days (e.g. 90s, 10m, 1h, 250ms; a bare number is seconds)")
        }
        return ns
    }
}

/// Durations as people type them.
enum DurationText {
    /// The longest duration accepted anywhere (`--duration`, every timeout): 30 days, in ns.
    static let maxNs: Int64 = 30 * 86_400 * 1_000_000_000

    /// Nanoseconds, or `nil` for text that is not a duration from 0 to `maxNs`.
    static func parseNs(_ text: String) -> Int64? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            if let v = Double(s.dropLast(suffix.count)) { return checked(v, scale) }
            if suffix == "ms" { continue }
            return nil
        }
        guard let v = Double(s) else { return nil }
        return checked(v, 1e9)
    }

    private static func checked(_ v: Double, _ scale: Double) -> Int64? {
        let ns = v * scale
        guard v.isFinite, v >= 0, ns <= Double(maxNs) else { return nil }
        return Int64(ns)
    }
}

import Foundation
