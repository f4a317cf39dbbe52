#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for callbrief, then runs the sample call through the
# pipeline. Installs what is missing: the offline engines (Debian packages), Node.js >= 22.12
# (Node 24 from the npm registry when the installed one is older) and the npm dependencies.
#   ./scripts/setup.sh                 set up, then `npm start` (extra arguments are passed on)
#   ./scripts/setup.sh --install-only  set up only (CI uses this)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(pocketsphinx pocketsphinx-en-us sox espeak-ng apertium apertium-eng-spa)
NODE24_PREFIX="$HOME/.local/node24"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'USAGE'
Usage: ./scripts/setup.sh [--install-only] [ARGS for npm start ...]

Sets up a fresh Debian/Ubuntu machine for callbrief: installs the offline engines from Debian
(pocketsphinx pocketsphinx-en-us sox espeak-ng apertium apertium-eng-spa, with sudo when not
root), Node 24 from the npm registry into ~/.local/node24 when Node is older than 22.12, and the
npm dependencies; then runs the sample call (npm start, with ARGS passed on).

  --install-only  set up only, do not run the sample (CI uses this)
  -h, --help      show this help and do nothing else
USAGE
  exit 0
fi

install_only=false
if [[ "${1:-}" == "--install-only" ]]; then install_only=true; shift; fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  echo "callbrief setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "callbrief setup: run as root or install them yourself: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

node_ok() { command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'; }
if ! node_ok && [[ -x "$NODE24_PREFIX/bin/node" ]]; then export PATH="$NODE24_PREFIX/bin:$PATH"; fi
if ! node_ok; then
  command -v npm >/dev/null || { echo "callbrief setup: npm is missing; install Node.js >= 22.12 first" >&2; exit 1; }
  echo "callbrief setup: installing Node 24 into $NODE24_PREFIX (the installed Node is older than 22.12)"
  npm install -g --prefix "$NODE24_PREFIX" node@24 >/dev/null
  export PATH="$NODE24_PREFIX/bin:$PATH"
fi
echo "callbrief setup: node $(node --version)"

npm ci --no-audit --no-fund

if [[ "$(command -v node)" == "$NODE24_PREFIX/bin/node" ]]; then
  echo "callbrief setup: Node 24 is in $NODE24_PREFIX; for later commands run: export PATH=\"$NODE24_PREFIX/bin:\$PATH\""
fi
if ! $install_only; then exec npm start -- "$@"; fi
