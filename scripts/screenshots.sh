#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): one PNG of each HTML page
# (run report, compare, trend, pricing), drawn by headless Chromium from simulated runs made in a
# temporary directory. Needs a built binary (BINARY=..., default .build/debug/llmbench, built when
# missing) and chromium-headless-shell (`bash scripts/install-deps.sh --browser`).
#   bash scripts/screenshots.sh            # all four
#   WIDTH=1200 HEIGHT=1500 bash scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${BINARY:-$root/.build/debug/llmbench}
[ -x "$bin" ] || swift build --product llmbench
browser=$(command -v chromium-headless-shell || echo /usr/lib/chromium/headless_shell)
[ -x "$browser" ] || { echo "error: chromium-headless-shell is not installed (bash scripts/install-deps.sh --browser)" >&2; exit 1; }
width=${WIDTH:-1200}; height=${HEIGHT:-1500}
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
"$bin" compare --db "$db" --baseline nightly-1 --candidate latest --format html --out "$tmp/compare.html" || true
"$bin" trend --db "$db" --label 'nightly-*' --format html --out "$tmp/trend.html"
"$bin" price --db "$db" --volume 2000000 --per month --dataset summarization --catalog --format html --out "$tmp/pricing.html"

for page in report compare trend pricing; do
  [ -s "$tmp/$page.html" ] || { echo "error: $page.html was not written" >&2; exit 1; }
  "$browser" --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$tmp/chromium" \
    --window-size="$width,$height" --screenshot="$out/$page.png" "file://$tmp/$page.html" >/dev/null 2>&1
  echo "wrote docs/screenshots/$page.png"
done
