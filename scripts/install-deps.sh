#!/usr/bin/env bash
# Installs the two system C libraries llmbench builds against, only when they are missing.
# Debian/Ubuntu: libsqlite3-dev and libcurl4-openssl-dev, through apt (sudo when not root).
set -euo pipefail
need=()
for pkg in libsqlite3-dev libcurl4-openssl-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing missing system libraries: ${need[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; install ${need[*]} (SQLite 3 and libcurl development headers) by hand" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}"
