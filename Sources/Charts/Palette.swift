/// A colour per series key (a model name), the same in every chart of one page: keys take the palette's
/// colours in the order the page lists them (`Palette(keys:)`), cycling after ten; a key the page did not
/// list, and `nil` (a frontier, a total), is drawn in the text colour.
///
/// The ten colours are Tableau 10 (mid-tones that read on a white page, a dark page and on paper).
public struct Palette: Sendable, Equatable {
    public static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1",
                                "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"]
    /// The neutral ink: the page's text colour.
    public static let ink = "currentColor"

    public private(set) var keys: [String]

    public init(keys: [String]) {
        var seen = Set<String>(), ordered: [String] = []
        for k in keys where seen.insert(k).inserted { ordered.append(k) }
        self.keys = ordered
    }

    /// The colour of `key`: `colors[i % 10]` for the i-th listed key, `ink` otherwise.
    public func color(_ key: String?) -> String {
        guard let key, let i = keys.firstIndex(of: key) else { return Palette.ink }
        return Palette.colors[i % Palette.colors.count]
    }
}
