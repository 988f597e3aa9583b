#!/usr/bin/env bash
# Load test of the web app (the "Web" section of docs/benchmarks.md): a club of ATHLETES
# (default 200) athletes with a year of daily logs each, one coach linked to all of them, an
# API token per athlete. For each store (SQLite, then a throw-away PostgreSQL on port 55435):
# times the coach's roster cold (first request after the server starts, while its warm-up runs),
# after the warm-up (its duration from the server's log), warm, and after a restart (with
# the rows saved before it), counting the rows that are current; runs wrk
# with 64 connections for DURATION (default 20) seconds against GET /api/v1/status, spreading
# the requests over the athletes' tokens (scripts/web/load-status.lua). The server reads the
# real clock, and the run starts 10 s before a minute turns, so its minute-keyed caches turn
# over during the run as they would in use.
#
# The server's log is kept as $TMPDIR/myo-load-serve-<store>.log.
# Not run by CI: it takes minutes and wants a quiet machine. Needs wrk (apt-get install wrk)
# and, for PostgreSQL, Debian's postgresql package. Usage: scripts/web/load.sh [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
ATHLETES=${ATHLETES:-200}
DURATION=${DURATION:-20}
PORT=${PORT:-18080}
PGPORT=${PGPORT:-55435}
ONLY=${1:-}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p myo
MYO=$CARGO_TARGET_DIR/release/myo
LUA=$PWD/scripts/web/load-status.lua
DIR=$(mktemp -d /tmp/myo-load.XXXXXX)
chmod 755 "$DIR"
SERVER=
PGBIN=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    [ -n "$PGBIN" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/pg/data" -m fast stop >/dev/null 2>&1
    rm -rf "$DIR"
}
trap cleanup EXIT
export NO_COLOR=1 MYO_LOG=warn,myo_web::data=info,myo_web::roster=info MYO_PASSWORD="load-test passphrase"

# A year of daily logs per athlete, ending yesterday: the pattern of scripts/bench-store.sh,
# shifted and scaled per athlete so that no two logs are the same.
python3 - "$DIR/club.json" "$ATHLETES" <<'PY'
import json, sys, datetime as dt
out, n = sys.argv[1], int(sys.argv[2])
days, eid, athletes = 365, 0, []
end = dt.date.today() - dt.timedelta(days=1)
start = end - dt.timedelta(days=days - 1)
for k in range(n):
    events = []
    def add(day, hour, ev):
        global eid
        eid += 1
        ev["at"] = f"{day.isoformat()}T{hour:02}:00:00+01:00"
        events.append({"id": eid, "created_ms": 1, "updated_ms": 1, "event": ev})
    for d in range(days):
        day = start + dt.timedelta(days=d)
        p = (d + k) % 3
        if p == 0:
            add(day, 18, {"kind": "strength", "rpe": 7 + k % 3, "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 60 + k % 60}]})
        elif p == 1:
            add(day, 7, {"kind": "endurance", "sport": "run", "minutes": 30 + k % 40, "avg_hr": 140 + k % 20})
        else:
            add(day, 18, {"kind": "strength", "exercise": [{"name": "Bench Press", "sets": 4, "reps": 8, "load_kg": 40 + k % 50}]})
        if d % 10 == k % 10:
            add(day, 20, {"kind": "massage", "minutes": 30})
        add(day, 23, {"kind": "sleep", "hours": 6.5 + (k % 4) * 0.5, "quality": 3 + k % 3})
    athletes.append({"id": k + 1, "name": f"a{k + 1}", "profile": {"sex": ["female", "male"][k % 2],
        "age": 18.0 + k % 40, "body_mass_kg": 55.0 + k % 40, "training_status": "trained",
        "conditions": [], "time_zone": "+01:00"}, "created_ms": 1, "updated_ms": 1,
        "sources": [], "events": events})
json.dump({"format": "myo-export", "version": 1, "last_athlete_id": n, "last_event_id": eid,
    "default_athlete": "a1", "athletes": athletes}, open(out, "w"))
PY

ms() { python3 -c "import sys; print(f'{float(sys.argv[1]) * 1000:.0f} ms')" "$1"; }

run() {
    local name=$1 url=$2
    export MYO_DATABASE_URL=$url
    echo "== $name: $ATHLETES athletes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    local t0=$SECONDS
    $MYO import-export "$DIR/club.json" >/dev/null
    $MYO admin create-user coach@club.test --role coach >/dev/null
    local coach
    coach=$($MYO admin create-token coach@club.test --name load)
    : >"$DIR/tokens"
    for i in $(seq 1 "$ATHLETES"); do
        $MYO admin create-user "a$i@club.test" --role athlete --athlete "a$i" >/dev/null
        $MYO admin link-coach coach@club.test "a$i@club.test" >/dev/null
        $MYO admin create-token "a$i@club.test" --name load >>"$DIR/tokens"
    done
    echo "set-up (import, accounts, links, tokens): $((SECONDS - t0)) s"
    $MYO serve --bind "127.0.0.1:$PORT" --no-signup 2>"$DIR/serve.log" &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    # The roster's time, and how many of its rows are current (the others show their last
    # saved state, marked, or "computing" before the first).
    roster() {
        local t
        t=$(curl -fs -o "$DIR/roster.html" -w '%{time_total}' -H "Authorization: Bearer $coach" \
            "http://127.0.0.1:$PORT/coach")
        echo "$(ms "$t") ($(grep -o 'data-fresh="now"' "$DIR/roster.html" | wc -l) rows current)"
    }
    echo "roster of $ATHLETES, cold (first request of a new club, the start-up warm-up running): $(roster)"
    for _ in $(seq 1 600); do
        grep -q "warm-up done" "$DIR/serve.log" && break
        sleep 0.1
    done
    echo "warm-up: $(grep -o 'athletes=[0-9]* ms=[0-9]*' "$DIR/serve.log" | head -1)"
    echo "roster of $ATHLETES, first request after the warm-up: $(roster)"
    local warm=()
    for _ in 1 2 3 4 5; do warm+=("$(roster)"); done
    echo "roster of $ATHLETES, warm (5 runs): ${warm[*]}"
    # Warm the status cache: every athlete once.
    local t1=$SECONDS
    while read -r token; do
        curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/status"
    done <"$DIR/tokens"
    echo "status of each athlete once (cold, one at a time): $((SECONDS - t1)) s"
    # Start 10 s before a minute turns, so that the run spans the turn (the minute-keyed
    # caches' worst moment).
    local second
    second=$(date +%-S)
    if [ "$second" -gt 50 ]; then sleep $((110 - second)); else sleep $((50 - second)); fi
    echo "load average before wrk: $(cut -d' ' -f1-3 /proc/loadavg); wrk starts at :$(date +%S)"
    TOKENS="$DIR/tokens" wrk -t2 -c64 -d"${DURATION}s" --latency -s "$LUA" \
        "http://127.0.0.1:$PORT/api/v1/status"
    echo "load average after wrk: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "roster of $ATHLETES, first request after the minute turned: $(roster)"
    echo "the server's last refreshes (the next minute's answers computed ahead):"
    grep "refresh done" "$DIR/serve.log" | tail -3 | sed 's/^.*refresh done/  /'
    grep "roster rows computed" "$DIR/serve.log" | tail -3 | sed 's/^.*roster rows computed/  roster rows:/' 
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    # A restart in a later minute: the rows saved before it are shown (marked with their time)
    # while the warm-up recomputes them.
    sleep $((62 - $(date +%-S)))
    $MYO serve --bind "127.0.0.1:$PORT" --no-signup 2>>"$DIR/serve.log" &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    echo "roster of $ATHLETES, first request after a restart: $(roster)"
    sleep 5
    echo "roster of $ATHLETES, 5 s after the restart: $(roster)"
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=
    cp "$DIR/serve.log" "${TMPDIR:-/tmp}/myo-load-serve-$name.log"
    if grep -q ERROR "$DIR/serve.log"; then
        echo "server errors:" && grep ERROR "$DIR/serve.log" | head -5
    fi
}

if [ "$ONLY" != postgres ]; then
    run SQLite "sqlite://$DIR/myo.db"
fi
if [ "$ONLY" != sqlite ]; then
    if [ "$(id -u)" = 0 ]; then
        as_pg() { runuser -u postgres -- "$@"; }
    else
        as_pg() { "$@"; }
    fi
    mkdir -p "$DIR/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_pg "$PGBIN/initdb" -D "$DIR/pg/data" -A trust -U postgres >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/log" -w \
        -o "-p $PGPORT -k $DIR/pg -c listen_addresses=localhost" start >/dev/null
    run PostgreSQL "postgres://postgres@localhost:$PGPORT/postgres"
fi
