/// A node of an XHTML/SVG document: an element with attributes and children, or text.
///
/// Rendering escapes every attribute value and text (`&`, `<`, `>`, `"`, `'`), so a document built from
/// nodes is well-formed XML whatever strings it holds; `raw` exists only for the page's own CSS and script
/// (wrapped in CDATA sections by `HTMLPage`). Empty SVG elements close themselves (`<line .../>`); empty
/// HTML elements get an end tag (`<td></td>`) except HTML's void elements, so the same bytes parse the
/// same way as XML and as HTML (a browser opening a `.html` file uses its HTML parser).
public indirect enum Node: Sendable, Equatable {
    case element(String, [Attribute], [Node])
    case text(String)
    /// Trusted markup written by this module (CSS, script); never user text.
    case raw(String)

    /// One attribute; order is kept as given so output is deterministic.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// An element: `Node.el("rect", ["x": "1"], [])` keeps attributes in the order of the array literal.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [Node] = []) -> Node {
        .element(name, attributes.map { Attribute($0.key, $0.value) }, children)
    }

    /// An element with text content.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) -> Node {
        .element(name, attributes.map { Attribute($0.key, $0.value) }, [.text(text)])
    }

    /// The node as markup.
    public func render() -> String {
        var out = ""
        render(into: &out, svg: false)
        return out
    }

    /// HTML's void elements: written `<meta ... />`, never with an end tag.
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "wbr"]

    func render(into out: inout String, svg: Bool) {
        switch self {
        case .text(let t): out += XML.escape(t)
        case .raw(let r): out += r
        case .element(let name, let attrs, let children):
            let inSVG = svg || name == "svg"
            out += "<" + name
            for a in attrs { out += " " + a.name + "=\"" + XML.escape(a.value) + "\"" }
            if children.isEmpty && (inSVG || Node.voidElements.contains(name)) { out += "/>"; return }
            out += ">"
            for c in children { c.render(into: &out, svg: inSVG && name != "foreignObject") }
            out += "</" + name + ">"
        }
    }
}

/// XML text escaping (XML 1.0 §2.4): the five predefined entities; characters XML forbids
/// (C0 controls other than tab, newline, carriage return; U+FFFE, U+FFFF) become U+FFFD.
public enum XML {
    public static func escape(_ s: String) -> String {
        var needs = false
        for u in s.utf8 where u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 || u < 0x20 || u == 0xEF {
            needs = true; break
        }
        if !needs { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { out += "\u{FFFD}" }
                else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
