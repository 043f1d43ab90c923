#!/usr/bin/env bash
# Installs what the browser tests (tests/StatementTracker.Api.Tests/Browser/) need, as CI does:
# - Debian's chromium package, when this machine has no chromium: apt-get as root, else through sudo -n. The tests
#   drive that browser by its path; Playwright never downloads one of its own.
# - axe-core, the version pinned in package-lock.json beside this script, into .tools/browser (kept out of git), the
#   first time and again whenever the pin changes. The tests inject its axe.min.js into each page.
# Without them `dotnet test` skips the browser tests (and says why), unless STATEMENTTRACKER_BROWSER_TESTS=required
# or CI is set: then a missing browser is a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pinned="$root/tools/browser"
installed="$root/.tools/browser"

chromium="${STATEMENTTRACKER_CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "chromium is not installed and this user cannot install it: run 'sudo apt-get install chromium'," \
      "or set STATEMENTTRACKER_CHROMIUM to a Chromium executable." >&2
    exit 2
  fi
  echo "Installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: read them once, only when the install cannot go ahead without.
  if ! "${as_root[@]}" apt-get install -y -q chromium >&2; then
    "${as_root[@]}" apt-get update -q >&2
    "${as_root[@]}" apt-get install -y -q chromium >&2
  fi
  chromium="$(command -v chromium)"
fi
# Debian's launcher script complains on stderr about its own shared-memory check; the version is on stdout.
echo "chromium: $chromium ($("$chromium" --version 2>/dev/null || echo "version unknown"))"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not on this machine: axe-core comes from npm (install Node.js and npm)." >&2
  exit 2
fi
if [ ! -f "$installed/node_modules/axe-core/axe.min.js" ] || ! cmp -s "$pinned/package-lock.json" "$installed/package-lock.json"; then
  mkdir -p "$installed"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$pinned/.npmrc" "$installed/"
  # Exactly the locked tree; axe-core runs no install script, and skipping them runs no one else's either.
  (cd "$installed" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
fi
echo "axe-core: $installed/node_modules/axe-core/axe.min.js ($(node -p "require('$installed/node_modules/axe-core/package.json').version" 2>/dev/null || echo "version unknown"))"
