/// The sentences a reader must see before trusting a catalog's prices: a model the catalog marks
/// retired or deprecated, and a catalog older than `staleAfterDays`. Pure: the day is passed in.
public enum CatalogNotices {
    /// A catalog this many days old (or more) is called stale.
    public static let staleAfterDays = 90

    /// `gemini-1.5-flash: the price catalog marks it retired 2025-09-24 (source); …`, or `nil` when current.
    public static func lifecycle(model: String, entry: PriceEntry, today: String) -> String? {
        let l = ModelLifecycle(entry, on: today)
        guard let phrase = l.phrase else { return nil }
        let source = l.source.map { " (\($0))" } ?? ""
        let consequence: String
        switch l {
        case .retired: consequence = "the provider no longer serves it, so its figures describe a model you cannot buy"
        default: consequence = "plan a move to a current model"
        }
        return "\(model): the price catalog marks \(entry.model) \(phrase)\(source); \(consequence)"
    }

    /// `the price catalog is dated … (N days old)…`, or `nil` when it is younger than `staleAfterDays`
    /// or has no date.
    public static func age(catalogDate: String?, today: String) -> String? {
        guard let date = catalogDate, let days = CalendarDays.between(date, today), days >= staleAfterDays else { return nil }
        return "the price catalog is dated \(date) (\(days) days old): prices may have changed since; check the providers' "
            + "pages and update datasets/pricing.json, or pass --prices FILE"
    }
}
