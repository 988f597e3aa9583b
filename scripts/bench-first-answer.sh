#!/usr/bin/env bash
# The first answer after a new entry, for a year of log: `myo status` (a new process, the
# store's checkpoints) against the web's status (`myo serve`, its caches), side by side on the
# same database. Each round logs one event, today's or one backfilled ten days back, then times
# the next status answer. Needs curl. Usage: scripts/bench-first-answer.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-10}
cargo build --release -q -p myo --locked
MYO="${CARGO_TARGET_DIR:-target}/release/myo"
DIR=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
python3 scripts/year-export.py "$DIR/year.json"
export MYO_DATABASE_URL="sqlite://$DIR/myo.db" MYO_NOW="2026-03-10T21:00:00+01:00" NO_COLOR=1
"$MYO" import-export "$DIR/year.json" >/dev/null
MYO_PASSWORD='a long benchmark passphrase' "$MYO" admin create-user ann@example.org >/dev/null
TOKEN=$("$MYO" admin create-token ann@example.org)
"$MYO" status --json >/dev/null   # the checkpoints a user's first question leaves
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $ROUNDS rounds each"

ms() { python3 -c "import sys; print(round(float(sys.argv[1]) * 1000, 1))" "$1"; }
median() { python3 -c "import sys, statistics; v=[float(x) for x in sys.argv[1:]]; print(f'median {statistics.median(v):6.1f} ms   best {min(v):6.1f} ms')" "$@"; }

for when in today backfill; do
    cli=()
    for k in $(seq 1 "$ROUNDS"); do
        if [ "$when" = today ]; then at="2026-03-10T20:$(printf %02d "$k"):00+01:00"; else at="2026-02-28T12:$(printf %02d "$k"):00+01:00"; fi
        "$MYO" log fluid 0.3l --at "$at" >/dev/null
        t0=$(date +%s.%N); "$MYO" status --json >/dev/null; t1=$(date +%s.%N)
        cli+=("$(python3 -c "print(($t1 - $t0) * 1000)")")
    done
    echo "CLI  myo status after an entry ($when):      $(median "${cli[@]}")"
done

"$MYO" serve --bind "127.0.0.1:$PORT" >"$DIR/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
ID=1
URL="http://127.0.0.1:$PORT/api/v1/athletes/$ID"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/status" >/dev/null   # the server's first look
for when in today backfill; do
    web=()
    for k in $(seq 1 "$ROUNDS"); do
        if [ "$when" = today ]; then at="2026-03-10T20:$(printf %02d $((k + 30))):00+01:00"; else at="2026-02-28T13:$(printf %02d "$k"):00+01:00"; fi
        curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            -d "{\"at\": \"$at\", \"kind\": \"fluid\", \"litres\": 0.3}" "$URL/events" >/dev/null
        t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$URL/status")
        web+=("$(ms "$t")")
    done
    echo "web  GET status after an entry ($when):      $(median "${web[@]}")"
done
