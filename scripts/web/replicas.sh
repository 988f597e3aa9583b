#!/usr/bin/env bash
# Several servers, one database (docs/deploy.md, "Several servers"): starts two `myo serve`
# replicas on a fresh database of the PostgreSQL server named by MYO_TEST_POSTGRES_URL (CI
# starts one), puts Debian's nginx in front of them (round robin, as docs/deploy.md sets it
# up), and checks, under a concurrent load of reads and writes through nginx:
#   - both replicas answer, and every athlete's status is byte-identical from either;
#   - no write is lost (each athlete's event count is what was logged);
#   - a session made on one replica works on the other; signing out on one ends it on both;
#   - the sign-in throttle counts tries on both together;
#   - each roster row is computed by one replica only: at start-up (both warm up at once)
#     and after the load changed every log, the rows computed on both add up to the athletes.
# Needs: nginx (apt-get install nginx), PostgreSQL's psql, python3. Usage: scripts/web/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${MYO_TEST_POSTGRES_URL:?set MYO_TEST_POSTGRES_URL to a PostgreSQL server (postgres://…/postgres)}"
ATHLETES=${ATHLETES:-12}
cargo build -q -p myo --locked
BIN=$(realpath "${CARGO_TARGET_DIR:-target}/debug/myo")
DIR=$(mktemp -d /tmp/myo-replicas.XXXXXX)
chmod 755 "$DIR"
DB="myo_replicas_$$"
URL="${MYO_TEST_POSTGRES_URL%/*}/$DB"
P1=${MYO_REPLICA_PORT:-18281}
P2=$((P1 + 1))
PN=$((P1 + 2))
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    psql -q "$MYO_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT
psql -q "$MYO_TEST_POSTGRES_URL" -c "CREATE DATABASE $DB" >/dev/null

export NO_COLOR=1 MYO_DATABASE_URL="$URL" MYO_PASSWORD="replica test passphrase"
export MYO_NOW=2026-03-12T08:00:00+01:00
# Eight weeks of logs per athlete, ending the day before MYO_NOW.
python3 - "$DIR/club.json" "$ATHLETES" <<'PY'
import json, sys, datetime as dt
out, n = sys.argv[1], int(sys.argv[2])
eid, athletes = 0, []
for k in range(n):
    events = []
    for d in range(56):
        day = dt.date(2026, 3, 11) - dt.timedelta(days=55 - d)
        def add(hour, ev):
            global eid
            eid += 1
            ev["at"] = f"{day.isoformat()}T{hour:02}:00:00+01:00"
            events.append({"id": eid, "created_ms": 1, "updated_ms": 1, "event": ev})
        if (d + k) % 3 == 0:
            add(18, {"kind": "strength", "rpe": 7, "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 60 + k}]})
        elif (d + k) % 3 == 1:
            add(7, {"kind": "endurance", "sport": "run", "minutes": 30 + k, "avg_hr": 140 + k})
        add(23, {"kind": "sleep", "hours": 7 + (k % 3) * 0.5})
    athletes.append({"id": k + 1, "name": f"a{k + 1}", "profile": {"sex": ["female", "male"][k % 2],
        "age": 20.0 + k, "body_mass_kg": 60.0 + k, "training_status": "trained",
        "conditions": [], "time_zone": "Europe/Oslo"}, "created_ms": 1, "updated_ms": 1,
        "sources": [], "events": events})
json.dump({"format": "myo-export", "version": 1, "last_athlete_id": n, "last_event_id": eid,
    "default_athlete": "a1", "athletes": athletes}, open(out, "w"))
PY
"$BIN" import-export "$DIR/club.json" >/dev/null
"$BIN" admin create-user coach@club.test --role coach >/dev/null
"$BIN" admin create-token coach@club.test --name replicas >"$DIR/coach.token"
: >"$DIR/tokens"
for i in $(seq 1 "$ATHLETES"); do
    "$BIN" admin create-user "a$i@club.test" --role athlete --athlete "a$i" >/dev/null
    "$BIN" admin link-coach coach@club.test "a$i@club.test" >/dev/null
    "$BIN" admin create-token "a$i@club.test" --name replicas >>"$DIR/tokens"
done

# Two replicas, started together (both warm the coach's roster up at once).
for port in "$P1" "$P2"; do
    MYO_LOG=warn,myo_web::roster=info "$BIN" serve --bind "127.0.0.1:$port" --trust-proxy \
        --no-signup >"$DIR/serve-$port.log" 2>&1 &
    PIDS+=($!)
done
mkdir -p "$DIR/nginx"
cat >"$DIR/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 256; }
http {
    log_format upstream '\$request_method \$uri \$status \$upstream_addr';
    access_log $DIR/nginx/access.log upstream;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    upstream myo {
        server 127.0.0.1:$P1;
        server 127.0.0.1:$P2;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$PN;
        client_max_body_size 16m;
        location / {
            proxy_pass http://myo;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
EOF
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX" -q -p "$DIR/nginx" -c "$DIR/nginx.conf"
for port in "$P1" "$P2" "$PN"; do
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done
# Both warm-ups done.
for port in "$P1" "$P2"; do
    for _ in $(seq 600); do grep -q "warm-up done" "$DIR/serve-$port.log" && break; sleep 0.1; done
done

python3 scripts/web/replicas.py "$DIR" "$P1" "$P2" "$PN" "$ATHLETES"
