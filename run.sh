#!/usr/bin/env bash
# Sets up what Carnet needs on a fresh Debian/Ubuntu machine, builds the app
# and opens it (first run: an empty farm or the demo garden). Needs a display.
# With arguments, runs the `carnet` command line instead: `./run.sh --help`.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh

ensure_rust
ensure_build_tools

if [ $# -gt 0 ]; then
  say "building the carnet command line"
  cargo build --quiet --release -p carnet-cli
  exec target/release/carnet "$@"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  die "no display: the Carnet app opens a window, and this machine has none (\$DISPLAY and \$WAYLAND_DISPLAY are unset).
Run ./run.sh from a desktop session, or try the command line: ./run.sh --help"
fi

say "app: system packages (WebKitGTK)"
ensure_debs libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
ensure_node
say "app: building the interface"
(
  cd ui
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
)
say "app: building carnet-app (the first build takes a few minutes)"
cargo build --quiet -p carnet-app
say "app: starting (data in the app data folder, or \$CARNET_DATA)"
exec target/debug/carnet-app
