#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): one PNG of each HTML page
# (run report, compare, trend, pricing), drawn by headless Chromium from simulated runs made in a
# temporary directory. Needs a built binary (BINARY=..., default .build/debug/llmbench, built when
# missing) and chromium-headless-shell (`bash scripts/install-deps.sh --browser`).
#   bash scripts/screenshots.sh            # all four
#   WIDTH=1200 HEIGHT=1500 bash scripts/screenshots.sh   # one size for every page
# By default the run report is drawn taller (its charts start below the article table).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${BINARY:-$root/.build/debug/llmbench}
[ -x "$bin" ] || swift build --product llmbench
browser=$(command -v chromium-headless-shell || echo /usr/lib/chromium/headless_shell)
[ -x "$browser" ] || { echo "error: chromium-headless-shell is not installed (bash scripts/install-deps.sh --browser)" >&2; exit 1; }
width=${WIDTH:-1200}
out=$root/docs/screenshots
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LLMBENCH_DATA_DIR=$root/datasets
db=$tmp/nightly.sqlite
models=gpt-4o-mini,claude-haiku-4-5,gemini-2.5-flash

# Four simulated "nights" at different speeds (--time-scale stretches the simulator's latencies).
i=0
for scale in 0.04 0.05 0.045 0.08; do
  i=$((i + 1))
  "$bin" run --db "$db" --models "$models" --datasets qa,summarization --requests 12 --concurrency 4 \
    --time-scale "$scale" --label "nightly-$i" >/dev/null 2>&1
done
"$bin" report --db "$db" --format html --out "$tmp/report.html"
# A gate, so the page shows its interval charts (exit 1 when the slow night regresses: expected here).
"$bin" compare --db "$db" --baseline nightly-1 --candidate latest \
  --gate "ttft_ms_p95<=+15%,e2e_ms_p95<=+15%,cost_usd_per_request_mean<=+5%" --format html --out "$tmp/compare.html" || true
"$bin" trend --db "$db" --label 'nightly-*' --format html --out "$tmp/trend.html"
# Projected from the two models that do not reason (gemini-2.5-flash thinks: its tokens would be carried onto every model).
"$bin" price --db "$db" --volume 2000000 --per month --dataset summarization --catalog \
  --profile-models gpt-4o-mini,claude-haiku-4-5 --format html --out "$tmp/pricing.html"

page_height() {
  if [ -n "${HEIGHT:-}" ]; then echo "$HEIGHT"; elif [ "$1" = report ]; then echo 3000; else echo 1500; fi
}
for page in report compare trend pricing; do
  [ -s "$tmp/$page.html" ] || { echo "error: $page.html was not written" >&2; exit 1; }
  "$browser" --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$tmp/chromium" \
    --window-size="$width,$(page_height "$page")" --screenshot="$out/$page.png" "file://$tmp/$page.html" >/dev/null 2>&1
  echo "wrote docs/screenshots/$page.png"
done
