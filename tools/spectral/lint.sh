#!/usr/bin/env bash
# Lints openapi.yaml with Spectral and .spectral.yaml, as CI does: exits non-zero on any error or warning.
# Spectral is the version pinned in package-lock.json beside this script, installed into .tools/spectral (kept out of
# git) the first time and again whenever the pin changes. Extra arguments go to `spectral lint` (e.g. -f json).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pinned="$root/tools/spectral"
installed="$root/.tools/spectral"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not on this machine: Spectral needs Node.js and npm. (dotnet test still checks the document with Microsoft.OpenApi's reader.)" >&2
  exit 2
fi
if [ ! -x "$installed/node_modules/.bin/spectral" ] || ! cmp -s "$pinned/package-lock.json" "$installed/package-lock.json"; then
  mkdir -p "$installed"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$installed/"
  # Exactly the locked tree. Spectral runs no install script; skipping them means installing runs none of its
  # dependencies' code either (one of them would report the install to its vendor).
  (cd "$installed" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
fi

cd "$root"
"$installed/node_modules/.bin/spectral" lint openapi.yaml --ruleset .spectral.yaml --fail-severity=warn "$@"
