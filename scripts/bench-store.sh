#!/usr/bin/env bash
# Times `myo status`, `myo plan` and `myo forecast` on a year of daily logs (the workload of the
# "Store" section of docs/benchmarks.md): builds the release binary, writes the year as a
# `myo export` file (lifting Mon/Wed/Fri-style every third day, runs, a massage every tenth day,
# a night's sleep every day), imports it into a scratch SQLite database and reports the median
# and best wall time of each command over N runs (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
cargo build --release -q -p myo
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 scripts/year-export.py "$DIR/year.json"
export MYO_DATABASE_URL="sqlite://$DIR/myo.db" MYO_NOW="2026-03-10T20:00:00+01:00" NO_COLOR=1
MYO=target/release/myo
$MYO import-export "$DIR/year.json" >/dev/null
$MYO status --json >/dev/null   # fill the checkpoints once, as a user's first question does
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
python3 - "$RUNS" "$MYO" <<'PY'
import subprocess, sys, time, statistics
runs, myo = int(sys.argv[1]), sys.argv[2]
for name, args in [("status", ["status"]), ("plan", ["plan"]), ("forecast", ["forecast"]),
                   ("forecast quadriceps", ["forecast", "quadriceps"])]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([myo, *args, "--json"], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    print(f"myo {name:<20} median {statistics.median(times):6.1f} ms   best {min(times):6.1f} ms   ({runs} runs)")
PY
# The same questions the evening after a damaging session: the plan's ensemble now runs.
$MYO log strength "Barbell Squat" 6x8@80%:ecc:fail --at "2026-03-10T18:00:00+01:00" >/dev/null
echo "after heavy eccentric squats at 18:00:"
python3 - "$RUNS" "$MYO" <<'PY'
import subprocess, sys, time, statistics
runs, myo = int(sys.argv[1]), sys.argv[2]
for name, args in [("status", ["status"]), ("plan --date 2026-03-11", ["plan", "--date", "2026-03-11"]),
                   ("forecast", ["forecast"])]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([myo, *args, "--json"], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    print(f"myo {name:<22} median {statistics.median(times):6.1f} ms   best {min(times):6.1f} ms   ({runs} runs)")
PY
