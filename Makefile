# Long-running benchmarks that are not part of ./test.sh or CI.

# Issue 5: Carnet against automerge-repo's JavaScript server and PouchDB
# replication on one seeded workload, in one run; writes BENCHMARKS.md's
# peers section. Installs bench/peers' npm packages from the committed lock.
# ARGS passes flags through, e.g. make bench-peers ARGS='--fleet-farms 10'
# (see bench/peers/README.md).
ARGS ?=

.PHONY: bench-peers
bench-peers:
	cd bench/peers && npm ci --no-audit --no-fund
	cargo build --release -p carnet-sync -p carnet-peers-bench
	target/release/carnet-peers-bench --write BENCHMARKS.md $(ARGS)
