#!/usr/bin/env bash
# Installs what llmbench builds (and, with --browser, tests) against, only when it is missing.
# Debian/Ubuntu, through apt (sudo when not root):
#   libsqlite3-dev, libcurl4-openssl-dev  the two system C libraries llmbench links;
#   zlib1g-dev                            zlib, which the render test links to read PNG files;
#   chromium-headless-shell (--browser)   headless Chromium (about 60 MB to download, 140 MB with what it
#                                          pulls in), which the render test uses to draw the HTML pages to PNG.
#                                          `make test` passes --browser; when it cannot be installed the
#                                          render test fails saying so.
set -euo pipefail
need=()
for pkg in libsqlite3-dev libcurl4-openssl-dev zlib1g-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${1:-}" = --browser ] && ! command -v chromium-headless-shell >/dev/null 2>&1 \
   && ! dpkg -s chromium-headless-shell >/dev/null 2>&1; then
  need+=(chromium-headless-shell)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing missing packages: ${need[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; install ${need[*]} by hand (SQLite 3 and libcurl development headers; headless Chromium for the render test)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"; then
  # The libraries are required to build; the browser only to run the render test, which then fails saying so.
  libs=()
  for pkg in "${need[@]}"; do [ "$pkg" = chromium-headless-shell ] || libs+=("$pkg"); done
  [ ${#libs[@]} -eq 0 ] || $SUDO apt-get install -y -qq "${libs[@]}"
  echo "warning: could not install chromium-headless-shell; the render test (make test) will fail until it is installed" >&2
fi
