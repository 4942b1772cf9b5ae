/// The page's only style sheet and script, inline (no file, font or URL is ever fetched).
///
/// Neither contains `<` or `&`, and both are wrapped in comment-guarded CDATA sections, so the same bytes
/// are well-formed XML and mean the same to an HTML parser (which treats `<style>`/`<script>` as raw text).
enum PageStyle {
    static let css = """
    :root{color-scheme:light dark;--bg:#ffffff;--fg:#1d232b;--muted:#5b6570;--grid:#e1e5ea;--rule:#dde2e7;--card:#f6f7f9;--warn:#b3261e}
    @media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e3e6ea;--muted:#9aa4ae;--grid:#2c333b;--rule:#2f363e;--card:#1b1f25;--warn:#ff8a80}}
    html{background:var(--bg)}
    body{margin:0 auto;max-width:1000px;padding:20px 28px 40px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    h1{font-size:24px;margin:8px 0 4px}
    h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:2px solid var(--rule)}
    h3{font-size:15px;margin:20px 0 6px}
    p{margin:6px 0}
    .sub,.note,footer{color:var(--muted)}
    .note{font-size:12.5px}
    .simulated{display:inline-block;margin:8px 0;padding:4px 10px;border:1px solid var(--warn);border-radius:4px;color:var(--warn);font-weight:600}
    .badge{display:inline-block;margin-left:8px;padding:0 6px;border:1px solid var(--warn);border-radius:3px;color:var(--warn);font-size:11px;font-weight:600;vertical-align:middle}
    figure{margin:18px 0 28px;padding:12px 14px;background:var(--card);border-radius:6px;break-inside:avoid;page-break-inside:avoid}
    figcaption{font-weight:600;font-size:14.5px;margin-bottom:4px}
    svg.chart{display:block;width:100%;max-width:760px;height:auto;color:var(--fg);overflow:visible}
    svg.chart text{fill:currentColor;font-size:11.5px}
    svg.chart text.title{font-size:12.5px;fill:var(--muted)}
    svg.chart text.cat{font-size:12px}
    .grid line{stroke:var(--grid);stroke-width:1}
    .axis{fill:none;stroke:var(--muted);stroke-width:1}
    .line{fill:none;stroke-width:2;stroke-linejoin:round}
    .band{fill-opacity:0.2;stroke:none}
    .pt{stroke:var(--bg);stroke-width:1}
    .flag{fill:none;stroke:var(--warn);stroke-width:2}
    .ref line{stroke:var(--warn);stroke-width:1.5;stroke-dasharray:6 4}
    .ref text{fill:var(--warn)}
    .box line{stroke-width:1.5}
    .box .median{stroke-width:2.5}
    .bar text.val{font-size:11px}
    ul.legend{list-style:none;margin:2px 0 6px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px}
    ul.legend svg{vertical-align:middle}
    table{border-collapse:collapse;font-size:12.5px;margin:8px 0 4px}
    caption{caption-side:top;text-align:left;color:var(--muted);padding-bottom:4px}
    th,td{padding:3px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
    th{font-weight:600}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    .tip{position:absolute;display:none;pointer-events:none;background:var(--fg);color:var(--bg);padding:4px 8px;border-radius:4px;font-size:12px;max-width:360px}
    .scroll{overflow-x:auto}
    @media print{body{max-width:none;padding:0}figure{background:none;border:1px solid var(--rule)}.tip{display:none}}
    """

    /// Hover details: moves each chart element's `<title>` (the browser's own tooltip, which works
    /// without this script) into a styled box that follows the pointer.
    static let script = """
    (function(){var tip=document.createElement('div');tip.className='tip';document.body.appendChild(tip);
    document.querySelectorAll('svg.chart title').forEach(function(t){t.parentNode.setAttribute('data-tip',t.textContent);t.remove();});
    document.addEventListener('mousemove',function(e){var el=e.target.closest?e.target.closest('[data-tip]'):null;
    if(!el){tip.style.display='none';return;}tip.textContent=el.getAttribute('data-tip');tip.style.display='block';
    tip.style.left=(e.pageX+14)+'px';tip.style.top=(e.pageY+14)+'px';});})();
    """
}
