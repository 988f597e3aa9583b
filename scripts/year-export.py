#!/usr/bin/env python3
"""A year of daily logs as a `myo export` file (lifting every third day, runs, a massage every
tenth day, a night's sleep every day), ending 2026-03-10: the workload of the store's and the
first-answer benchmarks. With --reports, also a morning self-report every day (quadriceps
soreness, readiness, fatigue, rMSSD): the personal model's workload.
Usage: year-export.py OUT.json [--reports]"""
import json, sys, datetime as dt
days, events, i = 365, [], 0
start = dt.date(2026, 3, 10) - dt.timedelta(days=days)
def add(day, hour, ev):
    global i
    i += 1
    ev["at"] = f"{day.isoformat()}T{hour:02}:00:00+01:00"
    events.append({"id": i, "created_ms": 1, "updated_ms": 1, "event": ev})
for d in range(days):
    day = start + dt.timedelta(days=d)
    if d % 3 == 0:
        add(day, 18, {"kind": "strength", "rpe": 8, "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 100}]})
    elif d % 3 == 1:
        add(day, 7, {"kind": "endurance", "sport": "run", "minutes": 45, "avg_hr": 150})
    else:
        add(day, 18, {"kind": "strength", "exercise": [{"name": "Bench Press", "sets": 4, "reps": 8, "load_kg": 60}]})
    if d % 10 == 4:
        add(day, 20, {"kind": "massage", "minutes": 30})
    add(day, 23, {"kind": "sleep", "hours": 7.5, "quality": 4})
    if "--reports" in sys.argv:
        add(day, 8, {"kind": "observation", "soreness": {"quadriceps": [2, 4, 3][d % 3]},
                     "readiness": [7, 5, 6][d % 3], "fatigue": [3, 5, 4][d % 3],
                     "rmssd_ms": [62, 55, 58][d % 3]})
json.dump({"format": "myo-export", "version": 1, "last_athlete_id": 1, "last_event_id": i,
    "default_athlete": "ann", "athletes": [{"id": 1, "name": "ann", "profile": {"sex": "female",
    "age": 29.0, "body_mass_kg": 61.0, "training_status": "trained", "conditions": [],
    "time_zone": "+01:00"}, "created_ms": 1, "updated_ms": 1, "sources": [], "events": events}]},
    open(sys.argv[1], "w"))
