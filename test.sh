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

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings
say "cargo test (all crates)"
cargo test --workspace
say "benchmark smoke run (no timing asserted)"
cargo run --quiet -p carnet-bench -- run --quick >/dev/null
say "all tests passed"
