#!/usr/bin/env bash
# Apple Health import: `myo import --dry-run export.xml` against Python's iterparse, wall time and
# peak memory (GNU time's "Maximum resident set size").
#
#   scripts/bench-import-apple.sh [RUNS] [DAYS]
#
# Writes a generated export.xml in Apple's layout (DAYS days, default 1095: heart rate and steps
# every 5 minutes, records myo does not use; a night and a resting heart rate a day; a run every
# other day; about 168 MB) to a scratch folder, builds the release binary, then runs myo and the
# peer in turn RUNS times (default 5) and prints one line per run and the medians. Needs GNU time
# (/usr/bin/time). Results go in docs/benchmarks.md, "Importing an Apple Health export".
# MYO=path/to/myo times that binary instead of building one (an older build, to compare);
# EXPORT=path/to/export.xml reads that file instead of generating one (and keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
days="${2:-1095}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-import}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

export_xml="${EXPORT:-$scratch/export.xml}"
[ -s "$export_xml" ] || python3 - "$export_xml" "$days" <<'PY'
import datetime as dt, sys
path, days = sys.argv[1], int(sys.argv[2])
start = dt.datetime(2023, 1, 1)
z = "+0100"
def t(x): return x.strftime("%Y-%m-%d %H:%M:%S ") + z
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
            '<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>\n'
            '<!ATTLIST HealthData\n  locale CDATA #REQUIRED\n>\n]>\n<HealthData locale="en_GB">\n'
            f' <ExportDate value="{t(start + dt.timedelta(days=days))}"/>\n')
    for d in range(days):
        day = start + dt.timedelta(days=d)
        for m in range(0, 24 * 60, 5):
            a = day + dt.timedelta(minutes=m)
            b = a + dt.timedelta(minutes=5)
            f.write(f' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" '
                    f'sourceVersion="10.1" unit="count/min" creationDate="{t(b)}" startDate="{t(a)}" '
                    f'endDate="{t(a)}" value="{60 + (m * 7) % 90}"/>\n')
            f.write(f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" '
                    f'sourceVersion="17.1" unit="count" creationDate="{t(b)}" startDate="{t(a)}" '
                    f'endDate="{t(b)}" value="{(m * 13) % 400}"/>\n')
        f.write(f' <Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="Apple Watch" '
                f'unit="count/min" startDate="{t(day)}" endDate="{t(day + dt.timedelta(hours=23))}" '
                f'value="{50 + d % 7}"/>\n')
        night = day + dt.timedelta(hours=23, minutes=10)
        f.write(f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" '
                f'startDate="{t(night)}" endDate="{t(night + dt.timedelta(hours=7, minutes=30))}" '
                f'value="HKCategoryValueSleepAnalysisAsleepCore"/>\n')
        if d % 2 == 0:
            run = day + dt.timedelta(hours=18)
            f.write(f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="40" '
                    f'durationUnit="min" totalDistance="8" totalDistanceUnit="km" '
                    f'startDate="{t(run)}" endDate="{t(run + dt.timedelta(minutes=40))}">\n'
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" '
                    f'average="{140 + d % 15}" unit="count/min"/>\n </Workout>\n')
    f.write("</HealthData>\n")
PY

cat > "$scratch/peer.py" <<'PY'
# The usual way to read an Apple Health export in Python: iterparse, each element cleared.
import sys, xml.etree.ElementTree as ET
workouts = nights = resting = 0
for _, e in ET.iterparse(sys.argv[1]):
    if e.tag == "Workout": workouts += 1
    elif e.tag == "Record":
        k = e.get("type")
        if k == "HKCategoryTypeIdentifierSleepAnalysis" and "Asleep" in e.get("value", ""): nights += 1
        elif k == "HKQuantityTypeIdentifierRestingHeartRate": resting += 1
    e.clear()
print(workouts, nights, resting)
PY

if [ -z "${MYO:-}" ]; then
    cargo build -q --release -p myo
fi
myo="${MYO:-$CARGO_TARGET_DIR/release/myo}"
export MYO_DATABASE_URL="sqlite://$scratch/myo.db"
"$myo" athlete add bench --sex female --age 30 --mass 60 --status trained --utc-offset +01:00 >/dev/null
echo "# $(du -b "$export_xml" | cut -f1) bytes; load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2

# One timed run: "wall_s peak_mib".
timed() {
    /usr/bin/time -v "$@" >/dev/null 2>"$scratch/time.txt" || { cat "$scratch/time.txt" >&2; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
                /Maximum resident set size/ { kb = $2 }
                END { printf "%.2f %.0f\n", s, kb / 1024 }' "$scratch/time.txt"
}
: >"$scratch/myo.txt"; : >"$scratch/peer.txt"
for i in $(seq "$runs"); do
    timed "$myo" import --dry-run "$export_xml" | tee -a "$scratch/myo.txt" | sed 's/^/myo  /'
    timed python3 "$scratch/peer.py" "$export_xml" | tee -a "$scratch/peer.txt" | sed 's/^/peer /'
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for who in myo peer; do
    echo "# $who: wall median $(cut -d' ' -f1 "$scratch/$who.txt" | median) s," \
         "peak median $(cut -d' ' -f2 "$scratch/$who.txt" | median) MiB"
done
