#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian/Ubuntu machine, then runs all
# of them: formatting, lints, unit, integration, end-to-end and smoke tests.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh

ensure_rust
ensure_build_tools
ensure_node
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

# ---- the app (src-tauri/, ui/, tests/webview/) ------------------------------
# Its system packages, tauri-driver, and the built interface come first: the
# workspace build of carnet-app embeds ui/dist.
say "app: system packages for Tauri and the webview journeys"
ensure_debs libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev \
  libsoup-3.0-dev xvfb xauth webkit2gtk-driver
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "app: installing tauri-driver"
  cargo install --quiet tauri-driver --locked --version '^2'
fi
say "app: npm ci, svelte-check (strict TypeScript), vitest, vite build"
(
  cd ui
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent check
  npm test --silent
  npm run --silent build
)
# ---- end of the app's preparation -------------------------------------------

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings
say "cargo test (all crates)"
cargo test --workspace
say "benchmark smoke run (no timing asserted)"
cargo run --quiet -p carnet-bench -- run --quick >/dev/null
# ---- the app's journeys in the real webview ---------------------------------
# carnet-app's own tests (commands on a mock runtime, the TypeScript bindings
# drift check `bindings_match_the_committed_file`) ran with the workspace.
say "app: webview journeys (tauri-driver + WebKitWebDriver under Xvfb, real carnet-sync)"
cargo build --quiet -p carnet-app
# The sync journey needs the carnet-sync server; it is required (not skipped)
# whenever the server is part of the workspace.
if grep -q '"sync-server"' Cargo.toml; then
  cargo build --quiet -p carnet-sync
  export CARNET_WEBVIEW_REQUIRE_SYNC=1
fi
xvfb-run -a -s '-screen 0 1280x1280x24' \
  cargo test -p carnet-webview-tests --features webview -- --nocapture
say "app: screenshots in target/screenshots/"
# ---- end of the app's journeys ----------------------------------------------
say "all tests passed"
