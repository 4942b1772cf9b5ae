import LLMBenchCore

/// What the parser and the help know of one declared option (built by `Opt`, never by hand).
struct OptionSpec: Sendable {
    /// Long name without dashes, e.g. `db`.
    var name: String
    /// Placeholder shown in help (`PATH`); nil for a flag that takes no value.
    var valueName: String?
    var help: String
    /// Whether the option may be given more than once (values accumulate).
    var repeatable = false
    /// The valid values of an enum option, listed in help.
    var choices: [String]? = nil
    /// The default, printed from the declared value; nil when there is none.
    var defaultText: String? = nil

    /// The help line: the help, then the valid values and the default.
    var fullHelp: String {
        var out = help
        if let choices { out += " One of: \(choices.joined(separator: ", "))." }
        if let defaultText { out += " Default: \(defaultText.isEmpty ? "none" : defaultText)." }
        return out
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
