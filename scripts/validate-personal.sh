#!/usr/bin/env bash
# Regenerates the PMData tables of docs/validation.md (issue 13, point 6): myo's personal and
# population models against the baselines, predicting each athlete's morning wellness reports
# from everything logged before them. About a minute in release on two cores for p01–p08; not
# run by CI. Deterministic: the same data and code give the same tables.
#
# Usage: scripts/validate-personal.sh [DATA_DIR] [myo-validate options]
#   DATA_DIR defaults to ../shared/data/athletes/pmdata beside the repository (PMData p01–p08).
#   Held-back athletes in the same layout, written elsewhere:
#     scripts/validate-personal.sh /path/to/heldback --update /tmp/heldback.md
#   Options: --utc-offset +01:00, --reps 2000, --seed 13, --predictions FILE.csv (every scored
#   morning and every answer), --only p01,p02, --update FILE (default docs/validation.md).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data/athletes/pmdata
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  DATA=$1
  shift
fi
cargo build --release -q -p myo-validate --locked
"${CARGO_TARGET_DIR:-target}/release/myo-validate" "$DATA" --update docs/validation.md "$@"
