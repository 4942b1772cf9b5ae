import Foundation
import Testing

/// A real browser draws the HTML pages (issue 16): each is rendered to PNG by headless Chromium and
/// must be non-blank, and each of its charts must be laid out at a non-zero size. Without Chromium
/// the test fails saying how to install it (it never skips).
@Suite(.serialized) struct RenderEndToEndTests {
    /// The harness itself, on a hand-written page: a chart of two bars and a hidden svg, and a blank page.
    @Test func harnessTellsADrawnPageFromABlankOne() throws {
        let dir = try makeTempDir()
        let drawn = dir.appendingPathComponent("drawn.html"), blank = dir.appendingPathComponent("blank.html")
        try """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>fixture</title></head>
        <body style="margin:0;background:#fff;font-family:sans-serif"><h1>Fixture chart</h1>
        <svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
        <line x1="30" y1="140" x2="310" y2="140" stroke="#333"/><rect x="50" y="40" width="60" height="100" fill="#1f77b4"/>
        <rect x="150" y="80" width="60" height="60" fill="#ff7f0e"/><text x="50" y="155" font-size="10">a</text></svg>
        <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" style="display:none"><rect width="10" height="10"/></svg>
        </body></html>
        """.write(to: drawn, atomically: true, encoding: .utf8)
        try "<!DOCTYPE html><html><body style=\"background:#fff\"></body></html>".write(to: blank, atomically: true, encoding: .utf8)

        let drawnPNG = try HeadlessBrowser.screenshot(drawn, to: dir.appendingPathComponent("drawn.png"), width: 640, height: 400)
        #expect(drawnPNG.width == 640 && drawnPNG.height == 400)
        #expect(RenderCheck.blankness(drawnPNG) == nil)
        // The two bars are solid: their exact colours are in the PNG.
        #expect(drawnPNG.pixels.contains(0x1F77_B4FF) && drawnPNG.pixels.contains(0xFF7F_0EFF))
        let blankPNG = try HeadlessBrowser.screenshot(blank, to: dir.appendingPathComponent("blank.png"), width: 640, height: 400)
        #expect(blankPNG.distinctColours() == 1)
        #expect(RenderCheck.blankness(blankPNG) != nil)

        let sizes = try HeadlessBrowser.svgSizes(drawn)
        #expect(sizes.count == 2)
        #expect(sizes.first.map { $0.width == 320 && $0.height == 160 } == true)
        #expect(sizes.last.map { $0.width == 0 && $0.height == 0 } == true, "a hidden chart measures 0×0, so a collapsed one is caught")
    }
}

extension RenderEndToEndTests {
    /// Each page of `RenderedPages` drawn by Chromium: non-blank, and every chart laid out at a
    /// non-zero size.
    @Test func everyPageRendersWithItsCharts() throws {
        let pages = try RenderedPages.made.get()
        for page in pages {
            let png = try HeadlessBrowser.screenshot(page.file, to: page.file.deletingPathExtension().appendingPathExtension("png"))
            #expect(RenderCheck.blankness(png) == nil, "\(page.name): \(RenderCheck.blankness(png) ?? "")")
            let sizes = try HeadlessBrowser.svgSizes(page.file)
            #expect(!sizes.isEmpty, "\(page.name) has no chart")
            for (i, s) in sizes.enumerated() {
                #expect(s.width > 0 && s.height > 0, "\(page.name): chart \(i + 1) of \(sizes.count) laid out at \(s.width)×\(s.height)")
            }
        }
    }
}
