#!/usr/bin/env bash
# The app's launch benchmark: milliseconds from the process start to the
# Today screen showing its tasks, on a farm with one and with three years of
# history (the demo garden's workload), median of RUNS launches each, under
# Xvfb. Prints a Markdown table for BENCHMARKS.md.
#   scripts/app-launch-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
runs="${1:-7}"
today="2026-11-23"
work="target/app-launch-bench"
mkdir -p "$work"
say "building the app (release) and the history writer"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
cargo build --quiet --release -p carnet-app
cargo build --quiet --release -p carnet-demo --example history
for years in 1 3; do
  dir="$work/${years}y"
  if [ ! -f "$dir/carnet.sqlite3" ]; then
    say "writing $years year(s) of history into $dir"
    mkdir -p "$dir"
    target/release/examples/history "$dir" $((years * 365)) "$today"
  fi
done
measure() {
  local dir="$1" out="$work/timing.txt"
  : > "$out.all"
  for _ in $(seq "$runs"); do
    rm -f "$out"
    CARNET_DATA="$dir" CARNET_NOW="${today}T08:00:00+01:00" CARNET_PERSON=Moussa \
      CARNET_LAUNCH_TIMING="$out" CARNET_EXIT_WHEN_READY=1 \
      timeout 60 xvfb-run -a -s '-screen 0 1280x800x24' target/release/carnet-app >/dev/null 2>&1 || true
    cut -f2 "$out" >> "$out.all"
  done
  sort -n "$out.all" | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}'
}
one=$(measure "$work/1y")
three=$(measure "$work/3y")
size1=$(du -k "$work/1y/carnet.sqlite3" | cut -f1)
size3=$(du -k "$work/3y/carnet.sqlite3" | cut -f1)
ratio=$(awk -v a="$three" -v b="$one" 'BEGIN {printf "%.2f", a / b}')
echo "| history | store | launch → Today with its tasks (median of $runs) |"
echo "|---|---|---|"
echo "| 1 year | ${size1} KB | ${one} ms |"
echo "| 3 years | ${size3} KB | ${three} ms |"
echo "| 3 years / 1 year | | ${ratio} |"
