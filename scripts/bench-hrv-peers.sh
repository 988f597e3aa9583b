#!/usr/bin/env bash
# Times myo's HRV against the Python peers (neurokit2, hrv-analysis, pyHRV) on the same 24-hour
# RR series (~100,000 beats, synthesised here) and checks that the values agree.
# Not run by CI: it installs the peers from PyPI into a virtual environment.
#
#   scripts/bench-hrv-peers.sh            # results on stdout (markdown)
#   REPEATS=5 scripts/bench-hrv-peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-target-metrics/bench-hrv}
VENV=${VENV:-target-metrics/peers-venv}
REPEATS=${REPEATS:-10}
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# nolds 0.6 fails to import on Python 3.11 (its datasets module), so pyHRV needs nolds 0.5;
# biosppy (pyHRV's dependency) imports peakutils without declaring it; hrv-analysis calls
# np.trapz, which numpy 2.4 removed.
"$VENV/bin/pip" install -q 'numpy<2.4' scipy neurokit2 hrv-analysis pyhrv 'nolds==0.5.2' peakutils

"$VENV/bin/python" scripts/bench_hrv_peers.py synth "$WORK/rr_24h.txt"
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target-metrics} \
    cargo build -q --release -p myo-metrics --example hrv_timing
"${CARGO_TARGET_DIR:-target-metrics}/release/examples/hrv_timing" "$WORK/rr_24h.txt" "$REPEATS" \
    > "$WORK/myo.json"
MPLBACKEND=Agg "$VENV/bin/python" scripts/bench_hrv_peers.py compare "$WORK/rr_24h.txt" \
    "$WORK/myo.json" "$REPEATS"
