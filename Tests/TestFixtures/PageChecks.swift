import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks an HTML page llmbench wrote: it parses as well-formed XML (Foundation's `XMLParser`) and refers to
/// nothing outside the file. A reference is an attribute `src`, `href`, `xlink:href`, `srcset`, `action`,
/// `poster`, `data`, `formaction` or `background` whose value is not a fragment (`#…`), or a CSS `url(…)`
/// or `@import` in a `<style>` element or a `style` attribute that is not `url(#…)`. Namespace URIs
/// (`xmlns="http://www.w3.org/2000/svg"`) are names, not references. Use: `#expect(PageChecks.problems(html) == [])`.
public enum PageChecks {
    public static func problems(_ html: String) -> [String] {
        let delegate = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        var out: [String] = []
        // Foundation on Linux can return true from parse() and still set parserError (a mismatched tag).
        if !parser.parse() || parser.parserError != nil {
            out.append("not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber): "
                       + (parser.parserError.map { "\($0)" } ?? "unknown error"))
        }
        if delegate.root != "html" { out.append("root element is \(delegate.root ?? "missing"), expected html") }
        out += delegate.problems
        for css in delegate.styles { out += cssProblems(css, where: "<style>") }
        return out
    }

    /// Whether the page is well-formed and self-contained.
    public static func isSelfContained(_ html: String) -> Bool { problems(html).isEmpty }

    static let referenceAttributes: Set<String> = ["src", "href", "xlink:href", "srcset", "action", "poster", "data",
                                                   "formaction", "background", "codebase", "cite", "longdesc", "manifest", "ping"]

    static func cssProblems(_ css: String, where place: String) -> [String] {
        var out: [String] = []
        let lower = css.lowercased()
        if lower.contains("@import") { out.append("\(place): CSS @import") }
        var rest = Substring(lower)
        while let r = rest.range(of: "url(") {
            let after = rest[r.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" }
            if !after.hasPrefix("#") { out.append("\(place): CSS url(\(after.prefix(40))") }
            rest = rest[r.upperBound...]
        }
        return out
    }

    final class Collector: NSObject, XMLParserDelegate {
        var root: String?
        var problems: [String] = []
        var styles: [String] = []
        private var inStyle = false
        private var style = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if root == nil { root = name }
            for (k, v) in attributes.sorted(by: { $0.key < $1.key }) {
                let key = k.lowercased()
                if PageChecks.referenceAttributes.contains(key), !v.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                    problems.append("<\(name) \(k)=\"\(v.prefix(60))\"> refers outside the file (line \(parser.lineNumber))")
                }
                if key == "style" { problems += PageChecks.cssProblems(v, where: "<\(name) style>") }
            }
            if name == "link" { problems.append("<link> element (line \(parser.lineNumber))") }
            if name == "style" { inStyle = true; style = "" }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "style" { inStyle = false; styles.append(style) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inStyle { style += string } }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if inStyle { style += String(decoding: block, as: UTF8.self) }
        }
    }
}
