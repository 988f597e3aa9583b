#!/usr/bin/env bash
# FIT import throughput: myo-import vs a bare fitparser decode loop vs fitdecode (Python).
#
#   scripts/bench-import.sh [CORPUS_DIR] [SECONDS]
#
# CORPUS_DIR defaults to the FIT fixtures copied into the repository
# (crates/myo-import/tests/fixtures/fit, with their licence). The figures in docs/benchmarks.md
# were taken on the team's larger device corpus (data/devices/fit of the shared data folder),
# passed as CORPUS_DIR. Every *.fit/*.FIT below it is read, broken files included, so all three
# tools see the same bytes. Needs `pip install fitdecode`. Prints one JSON
# line per tool, then the ratios the goals are stated in (import ≥ 20× fitdecode, ≤ 1.5× the
# time of the bare decode). Results go in docs/benchmarks.md, "Importers".
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-crates/myo-import/tests/fixtures/fit}"
seconds="${2:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-import}"
mapfile -t files < <(find "$corpus" -type f \( -name '*.fit' -o -name '*.FIT' \) | sort)
echo "# ${#files[@]} files, $(du -cb "${files[@]}" | tail -1 | cut -f1) bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cargo build -q --release -p myo-import --example bench_fit
bin="$CARGO_TARGET_DIR/release/examples/bench_fit"
# fitparser prints "ERROR: field size ..." for misaligned fields; keep stdout clean.
import=$("$bin" import "$seconds" "${files[@]}" 2>/dev/null)
bare=$("$bin" bare "$seconds" "${files[@]}" 2>/dev/null)
py=$(python3 scripts/bench-import-fitdecode.py "$seconds" "${files[@]}")
printf '%s\n%s\n%s\n' "$import" "$bare" "$py"
python3 - "$import" "$bare" "$py" <<'PY'
import json, sys
imp, bare, py = (json.loads(a) for a in sys.argv[1:])
for k in ("best", "median"):
    f = f"{k}_mb_per_s"
    print(f"# {k}: myo-import is {imp[f] / py[f]:.1f}x fitdecode (goal >= 20x); "
          f"myo-import takes {bare[f] / imp[f]:.2f}x the time of the bare decode (goal <= 1.5x)")
PY
