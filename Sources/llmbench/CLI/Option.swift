import LLMBenchCore

/// One option of one command, declared once with its name, value type, default and help, in the
/// shape of swift-argument-parser's `@Option`.
///
/// To add an option to a command, add ONE stored property to the command's `Options` group, e.g.
/// `let retries = Opt.int("retries", default: 0, in: 0...20, "Retry … up to N times.")`, and read it
/// where it is used with `try args.value(Self.options.retries)`. The help line, the "Default: 0." it
/// ends with (printed from the value), the list of valid options and the README's command reference
/// (`llmbench help --reference`) all come from that property; the name is written nowhere else.
struct Option<Value: Sendable>: OptionDeclaration {
    let spec: OptionSpec
    /// The value when the option is not given.
    let defaultValue: Value
    /// Turns the given texts (one per occurrence, at least one) into the value; throws
    /// `OptionValueError` (Arguments adds the option's name and the text to the message).
    let read: @Sendable ([String]) throws -> Value
}

/// A flag: an option that takes no value (`--dry-run`).
struct Flag: OptionDeclaration {
    let spec: OptionSpec
}

/// What a declared option or flag contributes to a command's help and parser.
protocol OptionDeclaration: Sendable {
    var spec: OptionSpec { get }
}

/// Why an option's text is not a valid value: completes `--NAME: 'TEXT' is not valid (expected …)`.
struct OptionValueError: Error {
    var expected: String
}

/// An enum an option's value can be (`--format`, `--profile`): parsed by its raw values, which the
/// help lists (swift-argument-parser's `ExpressibleByArgument` for `CaseIterable` enums).
protocol OptionEnum: RawRepresentable<String>, CaseIterable, Sendable {}

/// The constructors of options, one per value type; each prints its default from the value.
enum Opt {
    static func flag(_ name: String, _ help: String) -> Flag {
        Flag(spec: OptionSpec(name: name, valueName: nil, help: help))
    }

    /// A text value with a default.
    static func string(_ name: String, _ valueName: String, default value: String, _ help: String) -> Option<String> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, defaultText: value),
               defaultValue: value, read: { $0.last! })
    }

    /// A text value that may be absent.
    static func string(_ name: String, _ valueName: String, _ help: String) -> Option<String?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help), defaultValue: nil, read: { $0.last! })
    }

    /// A comma-separated list; repeats accumulate (`--models a,b --models c`). Nil when not given.
    static func list(_ name: String, _ valueName: String, default value: [String]? = nil,
                     _ help: String) -> Option<[String]?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, repeatable: true,
                                defaultText: value?.joined(separator: ",")),
               defaultValue: value, read: { texts in
                   texts.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                       .filter { !$0.isEmpty }
               })
    }

    /// A text value that may be given several times (`--db a.sqlite --db b.sqlite`), each text one
    /// value as given (no splitting at commas, which file names may hold); `value` when not given.
    static func repeated(_ name: String, _ valueName: String, default value: [String], _ help: String) -> Option<[String]> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help + " Repeat for several.", repeatable: true,
                                defaultText: value.joined(separator: " ")),
               defaultValue: value, read: { $0 })
    }

    /// A whole number in `range`, with a default.
    static func int(_ name: String, _ valueName: String = "N", default value: Int, in range: ClosedRange<Int>,
                    _ help: String) -> Option<Int> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, defaultText: String(value)),
               defaultValue: value, read: { try parseInt($0.last!, range) })
    }

    /// A whole number in `range` that may be absent.
    static func int(_ name: String, _ valueName: String = "N", in range: ClosedRange<Int>, _ help: String) -> Option<Int?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help), defaultValue: nil,
               read: { try parseInt($0.last!, range) })
    }

    /// A whole number in `range` that is nil when not given; `fallback` is what the code uses then
    /// (shown as the default).
    static func int(_ name: String, _ valueName: String = "N", fallback: Int, in range: ClosedRange<Int>,
                    _ help: String) -> Option<Int?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, defaultText: String(fallback)),
               defaultValue: nil, read: { try parseInt($0.last!, range) })
    }

    /// A whole number ≥ 0 of 64 bits (seeds).
    static func uint64(_ name: String, _ valueName: String = "N", default value: UInt64, _ help: String) -> Option<UInt64> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, defaultText: String(value)),
               defaultValue: value, read: { texts in
                   guard let v = UInt64(texts.last!) else { throw OptionValueError(expected: "a whole number ≥ 0") }
                   return v
               })
    }

    /// A finite number in [`min`, `max`] (`min` excluded with `exclusiveMin`), with a default.
    static func double(_ name: String, _ valueName: String, default value: Double, min: Double,
                       exclusiveMin: Bool = false, max: Double = .infinity, _ help: String) -> Option<Double> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, defaultText: plain(value)),
               defaultValue: value, read: { try parseDouble($0.last!, min, exclusiveMin, max) })
    }

    /// A finite number in [`min`, `max`] that may be absent.
    static func double(_ name: String, _ valueName: String, min: Double, exclusiveMin: Bool = false,
                       max: Double = .infinity, _ help: String) -> Option<Double?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help), defaultValue: nil,
               read: { try parseDouble($0.last!, min, exclusiveMin, max) })
    }

    /// A duration (`90s`, `10m`, `1h`, `250ms`, a bare number is seconds) in nanoseconds, at most
    /// `DurationText.maxNs`, more than 0 unless `allowZero`.
    static func duration(_ name: String, default ns: Int64, allowZero: Bool = true, _ help: String) -> Option<Int64> {
        Option(spec: OptionSpec(name: name, valueName: "T", help: help, defaultText: DurationText.format(ns)),
               defaultValue: ns, read: { try parseDuration($0.last!, allowZero: allowZero) })
    }

    /// A duration that is nil when not given; `fallback` is what the code uses then (shown as the default).
    static func duration(_ name: String, fallback ns: Int64?, _ help: String) -> Option<Int64?> {
        Option(spec: OptionSpec(name: name, valueName: "T", help: help, defaultText: ns.map(DurationText.format)),
               defaultValue: nil, read: { try parseDuration($0.last!, allowZero: true) })
    }

    /// One of an enum's cases (or of `among`), with a default.
    static func choice<E: OptionEnum>(_ name: String, _ valueName: String = "NAME", default value: E,
                                      among: [E] = Array(E.allCases), _ help: String) -> Option<E> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, choices: among.map(\.rawValue),
                                defaultText: value.rawValue),
               defaultValue: value, read: { try parseChoice($0.last!, among) })
    }

    /// One of an enum's cases (or of `among`) that may be absent.
    static func choice<E: OptionEnum>(_ name: String, _ valueName: String = "NAME", among: [E] = Array(E.allCases),
                                      _ help: String) -> Option<E?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help, choices: among.map(\.rawValue)),
               defaultValue: nil, read: { try parseChoice($0.last!, among) })
    }

    /// A value of any type, parsed by `parse` (nil: not valid, the message says `expected`); absent
    /// when not given. For values no other constructor fits (`--volume 2M`).
    static func custom<V: Sendable>(_ name: String, _ valueName: String, expected: String, _ help: String,
                                    parse: @escaping @Sendable (String) -> V?) -> Option<V?> {
        Option(spec: OptionSpec(name: name, valueName: valueName, help: help), defaultValue: nil, read: { texts in
            guard let v = parse(texts.last!) else { throw OptionValueError(expected: expected) }
            return v
        })
    }

    // MARK: parsing

    static func parseInt(_ s: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let v = Int(s), range.contains(v) else {
            throw OptionValueError(expected: range.upperBound == Int.max ? "a whole number ≥ \(range.lowerBound)"
                                   : "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    static func parseDouble(_ s: String, _ min: Double, _ exclusiveMin: Bool, _ max: Double) throws -> Double {
        guard let v = Double(s), v.isFinite, exclusiveMin ? v > min : v >= min, v <= max else {
            var range = "a number \(exclusiveMin ? ">" : "≥") \(plain(min))"
            if max.isFinite { range += " and ≤ \(plain(max))" }
            throw OptionValueError(expected: range)
        }
        return v
    }

    static func parseDuration(_ s: String, allowZero: Bool) throws -> Int64 {
        guard let ns = DurationText.parseNs(s), allowZero || ns > 0 else {
            throw OptionValueError(expected: "a duration \(allowZero ? "from 0" : "above 0") to 30 days, e.g. 90s, 10m, 1h, 250ms; a bare number is seconds")
        }
        return ns
    }

    static func parseChoice<E: OptionEnum>(_ s: String, _ among: [E]) throws -> E {
        guard let v = E(rawValue: s) ?? E(rawValue: s.lowercased()), among.contains(where: { $0.rawValue == v.rawValue }) else {
            throw OptionValueError(expected: "one of: " + among.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }

    /// `1` for 1.0, `0.1` for 0.1: numbers as a person writes them.
    static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// A set of declared options: a command's `Options`, or a group several commands share
/// (`DatabaseOptions`, `OutputOptions`, `PricesOptions`; swift-argument-parser's `@OptionGroup`).
/// Its stored properties, in declaration order, are its options (nested groups are flattened).
protocol OptionGroup: Sendable {}

extension OptionGroup {
    /// Every option this group declares, in declaration order.
    var specs: [OptionSpec] {
        Mirror(reflecting: self).children.flatMap { child -> [OptionSpec] in
            if let d = child.value as? any OptionDeclaration { return [d.spec] }
            if let g = child.value as? any OptionGroup { return g.specs }
            return []
        }
    }
}

extension Arguments {
    /// The value of `option`: parsed from the command line, else its default. A bad value is a usage
    /// error (exit 64) naming the option, the text and what is expected.
    func value<V>(_ option: Option<V>) throws -> V {
        let name = option.spec.name
        guard let texts = values[name], !texts.isEmpty else { return option.defaultValue }
        do { return try option.read(texts) } catch let e as OptionValueError {
            throw LLMBenchError.usage("--\(name): '\(texts.last!)' is not valid (expected \(e.expected))")
        }
    }

    /// Whether `option` was given on the command line.
    func given<V>(_ option: Option<V>) -> Bool { values[option.spec.name] != nil }

    /// Whether `flag` was given.
    func has(_ flag: Flag) -> Bool { flags.contains(flag.spec.name) }
}

extension DurationText {
    /// The shortest exact spelling of `ns`: `10m`, `90s`, `250ms` (seconds with a fraction otherwise).
    static func format(_ ns: Int64) -> String {
        for (suffix, unit) in [("h", Int64(3_600_000_000_000)), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000)]
        where ns != 0 && ns % unit == 0 {
            return "\(ns / unit)\(suffix)"
        }
        return ns == 0 ? "0s" : "\(Double(ns) / 1e9)s"
    }
}
