#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time (FUZZ_SECONDS each, default 20),
# starting from its checked-in corpus, and fails on the first crash, panic, leak or timeout
# (libFuzzer's exit code; the input is kept in fuzz/artifacts/TARGET/). New corpus entries go to
# a scratch folder, so the checkout stays clean. cargo-fuzz is installed from crates.io when
# missing; it needs nightly flags, which RUSTC_BOOTSTRAP=1 allows on the stable toolchain.
# Usage: scripts/fuzz.sh [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-20}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install -q cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}/fuzz
SCRATCH=$(mktemp -d /tmp/myo-fuzz.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || mapfile -t TARGETS < <(cargo fuzz list --fuzz-dir fuzz)
cargo fuzz build --fuzz-dir fuzz --target-dir "$TARGET_DIR"
for t in "${TARGETS[@]}"; do
    mkdir -p "$SCRATCH/$t" "fuzz/corpus/$t"
    echo "fuzz: $t for ${SECONDS_EACH}s"
    cargo fuzz run --fuzz-dir fuzz --target-dir "$TARGET_DIR" "$t" "$SCRATCH/$t" "fuzz/corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        2>"$SCRATCH/$t.log" || { tail -40 "$SCRATCH/$t.log"; echo "fuzz: $t FAILED"; exit 1; }
    grep -E "stat::number_of_executed_units" "$SCRATCH/$t.log" | sed "s/^/  $t: /" || true
done
echo "fuzz: ok (${#TARGETS[@]} targets, ${SECONDS_EACH}s each)"
