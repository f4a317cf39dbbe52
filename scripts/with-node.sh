#!/bin/sh
# Runs a command (every npm script goes through here) on a Node.js that satisfies package.json's
# engines (>= 22.12): the `node` on PATH when it is new enough, else the Node 24 that
# scripts/setup.sh installed. Without one it says, in one line, what it found and what to run.
# Why not rely on PATH alone: setup.sh cannot change the PATH of the shell that started it, and
# a Debian machine's own /usr/bin/node (20) must stay as it is.

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "Usage: sh scripts/with-node.sh COMMAND [ARGS...]"
  echo "Runs COMMAND on a Node.js >= 22.12 (the one on PATH, else the Node 24 that"
  echo "scripts/setup.sh installed); every npm script of the project starts through it."
  echo "  CALLBRIEF_NODE_SEARCH  where to look besides PATH (default: /usr/local/bin/node"
  echo "                         ~/.local/bin/node ~/.local/node24/bin/node)"
  echo "  -h, --help             show this help and do nothing else"
  exit 0
fi

new_enough() {
  [ -x "$1" ] && "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}

# Where setup.sh puts Node 24 (as root, else as a user); CALLBRIEF_NODE_SEARCH overrides the list.
search="${CALLBRIEF_NODE_SEARCH:-/usr/local/bin/node $HOME/.local/bin/node $HOME/.local/node24/bin/node}"
for candidate in "$(command -v node 2>/dev/null)" $search; do
  if [ -n "$candidate" ] && new_enough "$candidate"; then
    PATH="$(dirname "$candidate"):$PATH"
    export PATH
    if [ ! -d node_modules ]; then
      echo "callbrief: the npm dependencies are not installed; run ./scripts/setup.sh --install-only" >&2
      exit 1
    fi
    exec "$@"
  fi
done

found="$(node --version 2>/dev/null || echo 'no Node.js')"
echo "callbrief: found Node $found, needs Node >= 22.12; run ./scripts/setup.sh --install-only (installs Node 24)" >&2
exit 1
