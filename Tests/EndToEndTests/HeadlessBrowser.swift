import Foundation

/// Headless Chromium (Debian's `chromium-headless-shell`, which `make test` installs through
/// scripts/install-deps.sh) as the render test uses it: a page to PNG, and the size each of its
/// `<svg>` elements was laid out at.
///
/// Every run is bounded (`timeout` seconds) and reads only `file://` pages the test wrote; as root,
/// Chromium needs `--no-sandbox`.
enum HeadlessBrowser {
    static let candidates = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/headless_shell"]

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "headless Chromium is not installed (looked for \(HeadlessBrowser.candidates.joined(separator: ", "))): `make test` installs it "
                + "with scripts/install-deps.sh (Debian's chromium-headless-shell, about 60 MB to download); by hand: "
                + "apt-get install chromium-headless-shell"
        }
    }

    struct Failed: Error, CustomStringConvertible { let description: String }

    /// The browser's path; throws `Missing` (the test then fails saying so; it never skips).
    static func path() throws -> String {
        guard let p = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw Missing() }
        return p
    }

    static func run(_ args: [String], timeout: TimeInterval = 30) throws -> Binary.Result {
        let browser = try path()
        let r = try Binary.run(["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--mute-audio",
                                "--disable-extensions", "--disable-background-networking", "--user-data-dir=" + NSTemporaryDirectory()
                                    + "llmbench-chromium-\(UUID().uuidString)"] + args,
                               timeout: timeout, executable: browser)
        guard r.status == 0 else {
            throw Failed(description: "\(browser) \(args.joined(separator: " ")) exited \(r.status): \(r.stderr.suffix(2000))")
        }
        return r
    }

    /// Renders `page` (a local HTML file) at `width`×`height` CSS pixels to the PNG `png`.
    static func screenshot(_ page: URL, to png: URL, width: Int = 1280, height: Int = 1600) throws -> PNGImage {
        try? FileManager.default.removeItem(at: png)
        _ = try run(["--window-size=\(width),\(height)", "--screenshot=" + png.path, page.absoluteString])
        guard FileManager.default.fileExists(atPath: png.path) else {
            throw Failed(description: "Chromium wrote no screenshot of \(page.path)")
        }
        return try PNGImage(contentsOf: png)
    }

    /// The laid-out size of every `<svg>` of `page`, in document order: a copy of the page with a
    /// small script before `</body>` that writes each svg's `getBoundingClientRect()` into a
    /// `data-render-size` attribute, read back from Chromium's `--dump-dom`.
    static func svgSizes(_ page: URL, width: Int = 1280, height: Int = 1600) throws -> [(width: Double, height: Double)] {
        var html = try String(contentsOf: page, encoding: .utf8)
        let script = "<script>document.querySelectorAll('svg').forEach(function (s) { var r = s.getBoundingClientRect(); "
            + "s.setAttribute('data-render-size', r.width + 'x' + r.height); });</script>"
        if let end = html.range(of: "</body>", options: .backwards) { html.insert(contentsOf: script, at: end.lowerBound) } else { html += script }
        let copy = page.deletingLastPathComponent().appendingPathComponent("measured-" + page.lastPathComponent)
        try html.write(to: copy, atomically: true, encoding: .utf8)
        let dom = try run(["--window-size=\(width),\(height)", "--dump-dom", copy.absoluteString]).stdout
        let pattern = try NSRegularExpression(pattern: #"<svg\b[^>]*\bdata-render-size="([0-9.e+-]+)x([0-9.e+-]+)""#)
        let matches = pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom))
        let svgs = dom.components(separatedBy: "<svg").count - 1
        guard matches.count == svgs else {
            throw Failed(description: "\(page.lastPathComponent): \(svgs) <svg> elements but \(matches.count) measured (did the script run?)")
        }
        return matches.map { m in
            (Double(dom[Range(m.range(at: 1), in: dom)!]) ?? -1, Double(dom[Range(m.range(at: 2), in: dom)!]) ?? -1)
        }
    }
}

/// What "the page rendered" means in the render test: a PNG with several colours and some ink.
enum RenderCheck {
    /// At least this many distinct colours (a blank page has one; text alone brings anti-aliasing greys).
    static let minColours = 8
    /// At least this share of pixels away from the background colour.
    static let minInk = 0.002

    /// `nil` when `png` looks rendered, else why not.
    static func blankness(_ png: PNGImage) -> String? {
        let colours = png.distinctColours(), ink = png.inkFraction
        if colours < minColours || ink < minInk {
            return "looks blank: \(colours) distinct colours (need \(minColours)), \(String(format: "%.4f", ink)) of pixels "
                + "off the background (need \(minInk)), \(png.width)×\(png.height)"
        }
        return nil
    }
}
