#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for callbrief, then runs the sample call through the
# pipeline. Installs what is missing: the offline engines (Debian packages), Node.js >= 22.12
# (Node 24 from the npm registry when the installed one is older) and the npm dependencies.
# Run it again at any time: it only installs what is missing.
#   ./scripts/setup.sh                 set up, then `npm start` (extra arguments are passed on)
#   ./scripts/setup.sh --install-only  set up only (CI uses this)
set -euo pipefail
cd "$(dirname "$0")/.."

# lame, opus-tools, libsox-fmt-base and libopencore-amrnb0 encode the bad-input corpus's recordings;
# chromium runs the workspace browser tests (playwright-core drives it; no browser download).
PACKAGES=(pocketsphinx pocketsphinx-en-us sox libsox-fmt-base espeak-ng apertium apertium-eng-spa lame opus-tools libopencore-amrnb0 chromium)

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

# Node: package.json's engines want >= 22.12. The Debian machine's own /usr/bin/node stays as it
# is; Node 24 from the npm registry goes where the default PATH finds it first: /usr/local as
# root, else ~/.local/node24 linked from ~/.local/bin (on the PATH of every new login shell).
# The npm scripts find it on their own (scripts/with-node.sh), so the shell that ran this script
# needs no PATH change either.
new_enough() { [[ -x "$1" ]] && "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null; }
find_node() {
  local candidate
  for candidate in "$(command -v node 2>/dev/null)" /usr/local/bin/node "$HOME/.local/bin/node" "$HOME/.local/node24/bin/node"; do
    if [[ -n "$candidate" ]] && new_enough "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! node_bin="$(find_node)"; then
  command -v npm >/dev/null || { echo "callbrief setup: npm is missing; install Node.js and npm first (apt-get install -y nodejs npm)" >&2; exit 1; }
  if [[ $(id -u) -eq 0 ]]; then node_prefix=/usr/local; else node_prefix="$HOME/.local/node24"; fi
  echo "callbrief setup: installing Node 24 into $node_prefix (the Node on PATH is $(node --version 2>/dev/null || echo missing), older than 22.12)"
  npm install -g --prefix "$node_prefix" --no-audit --no-fund node@24 >/dev/null ||
    { echo "callbrief setup: npm could not install Node 24 into $node_prefix (see above); install Node.js >= 22.12 yourself and run this again" >&2; exit 1; }
  if [[ $(id -u) -ne 0 ]]; then mkdir -p "$HOME/.local/bin" && ln -sf ../node24/bin/node "$HOME/.local/bin/node"; fi
  node_bin="$(find_node)" || { echo "callbrief setup: Node 24 did not install into $node_prefix; see the npm output above" >&2; exit 1; }
fi
export PATH="$(dirname "$node_bin"):$PATH"
echo "callbrief setup: node $(node --version) ($node_bin)"

npm ci --no-audit --no-fund

if ! $install_only; then exec npm start -- "$@"; fi
