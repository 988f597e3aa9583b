#!/usr/bin/env bash
# End-to-end browser test: builds myo, serves a fresh database with a fixed clock, drives
# Debian's headless Chromium through scripts/web/e2e.mjs (playwright-core; axe-core for the
# accessibility audit), and writes the screenshots in docs/screenshots/. Needs: apt-get install chromium; node/npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q -p myo --locked
BIN="${CARGO_TARGET_DIR:-target}/debug/myo"
DIR=$(mktemp -d /tmp/myo-e2e.XXXXXX)
PORT=${MYO_E2E_PORT:-18181}
MYO_NOW=2026-03-12T08:00:00+01:00 "$BIN" serve --database "sqlite://$DIR/myo.db" \
    --bind "127.0.0.1:$PORT" >"$DIR/serve.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
# Installed packages at the locked versions are kept (offline machines); else a clean install.
if ! grep -qs '"version": "1.64.1"' scripts/web/node_modules/playwright-core/package.json ||
    ! grep -qs '"version": "4.14.1"' scripts/web/node_modules/axe-core/package.json; then
    (cd scripts/web && npm ci --no-audit --no-fund --silent)
fi
node scripts/web/e2e.mjs "http://127.0.0.1:$PORT"
