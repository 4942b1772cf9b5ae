/// Where a model stands in its provider's lifecycle on a given day, read from its catalog entry.
///
/// `retired.date` on or before the day: retired. `retired.date` after the day, or a `deprecated`
/// entry without a retirement date: deprecated (still served, going away). Otherwise current.
/// Dates are ISO 8601 `YYYY-MM-DD`, compared as text (which orders them by date).
public enum ModelLifecycle: Sendable, Equatable {
    case current
    /// Announced for retirement; `retires` is the shutdown date when the catalog has one.
    case deprecated(retires: String?, source: String?)
    case retired(on: String, source: String?)

    public init(_ entry: PriceEntry, on day: String) {
        if let r = entry.retired {
            self = r.date <= day ? .retired(on: r.date, source: r.sourceURL) : .deprecated(retires: r.date, source: r.sourceURL)
        } else if let d = entry.deprecated {
            self = .deprecated(retires: nil, source: d.sourceURL)
        } else {
            self = .current
        }
    }

    public var isCurrent: Bool { self == .current }

    /// A short phrase for tables and notes: `retired 2025-09-24`, `deprecated, retires 2026-11-30`,
    /// `deprecated`; `nil` when current.
    public var phrase: String? {
        switch self {
        case .current: return nil
        case .deprecated(let retires?, _): return "deprecated, retires \(retires)"
        case .deprecated(nil, _): return "deprecated"
        case .retired(let on, _): return "retired \(on)"
        }
    }

    /// The page the catalog read the retirement or deprecation from, when it has one.
    public var source: String? {
        switch self {
        case .current: return nil
        case .deprecated(_, let s), .retired(_, let s): return s
        }
    }
}

/// The provider announced the model's retirement without a date in our sources.
public struct Deprecation: Sendable, Equatable, Codable {
    /// ISO 8601 date of the announcement, when known.
    public var date: String?
    public var sourceURL: String?
    public init(date: String? = nil, sourceURL: String? = nil) { self.date = date; self.sourceURL = sourceURL }
    enum CodingKeys: String, CodingKey { case date, sourceURL = "source_url" }
}

/// Whole days between two ISO 8601 dates (`YYYY-MM-DD`), `to − from`; `nil` when either is not a date.
/// Proleptic Gregorian calendar (days-from-civil, H. Hinnant), no time zone.
public enum CalendarDays {
    public static func between(_ from: String, _ to: String) -> Int? {
        guard let a = dayNumber(from), let b = dayNumber(to) else { return nil }
        return b - a
    }

    /// Days since 1970-01-01 of `YYYY-MM-DD`.
    public static func dayNumber(_ iso: String) -> Int? {
        let parts = iso.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard iso.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
