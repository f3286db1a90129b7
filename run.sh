#!/usr/bin/env bash
# Sets up what Carnet needs on a fresh Debian/Ubuntu machine, builds it, and
# runs it. Arguments go to the `carnet` command (try `./run.sh --help`); with
# none, it opens (or creates) a demo farm and shows today's tasks.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh

ensure_rust
ensure_build_tools
say "building carnet"
cargo build --quiet --release -p carnet-cli
carnet=target/release/carnet
if [ $# -gt 0 ]; then
  exec "$carnet" "$@"
fi
data="${CARNET_DATA:-$PWD/target/demo}"
if [ ! -f "$data/carnet.sqlite3" ]; then
  say "creating a demo farm in $data"
  "$carnet" --data "$data" init --farm "Jardin de démonstration" --device "démo"
  "$carnet" --data "$data" import beds scripts/demo/beds.csv
  "$carnet" --data "$data" import crops scripts/demo/crops.csv
  "$carnet" --data "$data" person add Claire --role supervisor
  "$carnet" --data "$data" person add Awa --role worker --lang en
  "$carnet" --data "$data" task add "Arroser la serre" --kind watering --due "$(date +%F)" --every daily
  "$carnet" --data "$data" task add "Désherber A-01" --kind weeding --due "$(date +%F)" --bed A-01 --crew Awa
fi
say "today on the demo farm (data in $data; pass arguments to run other commands)"
exec "$carnet" --data "$data" task list --today
