"""The checks of scripts/web/replicas.sh: two myo replicas (ports P1, P2) behind nginx (PN).

Usage: replicas.py DIR P1 P2 PN ATHLETES (DIR holds coach.token, tokens, the servers' logs and
nginx/access.log). Exits non-zero with the reason on the first check that fails.
"""

import http.client
import json
import re
import sys
import threading
import urllib.parse

DIR, P1, P2, PN, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
COACH = open(f"{DIR}/coach.token").read().strip()
TOKENS = [t.strip() for t in open(f"{DIR}/tokens") if t.strip()]
assert len(TOKENS) == N, "one token per athlete"


def fail(why):
    print(f"replicas: FAILED: {why}", file=sys.stderr)
    sys.exit(1)


def request(port, method, path, headers=None, body=None):
    """One request, no redirects followed: (status, headers, body text)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, r.getheaders(), text


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def computed(port):
    """Roster rows this replica computed so far (its log's "roster rows computed" lines)."""
    text = open(f"{DIR}/serve-{port}.log").read()
    return sum(int(m) for m in re.findall(r"roster rows computed computed=(\d+)", text))


# 1. Start-up: both replicas warmed the roster up at once; each row was computed once.
warm = computed(P1) + computed(P2)
if warm != N:
    fail(f"the warm-ups computed {warm} roster rows on the two replicas together, not {N}")

# 2. Every athlete's status is the same from either replica (and through nginx).
def status(port, token):
    s, _, body = request(port, "GET", "/api/v1/status", bearer(token))
    if s != 200:
        fail(f"GET /api/v1/status on {port}: {s} {body[:200]}")
    return body


for token in TOKENS:
    if not status(P1, token) == status(P2, token) == status(PN, token):
        fail("an athlete's status differs between the replicas")

# 3. A load through nginx: 8 threads, each logs a session for every athlete it owns and reads
#    statuses and the coach's roster in between.
ids = {}
for token in TOKENS:
    s, _, body = request(PN, "GET", "/api/v1/athletes", bearer(token))
    listed = json.loads(body)
    ids[token] = (listed["items"] if isinstance(listed, dict) else listed)[0]["id"]
before = {}
for token in TOKENS:
    s, _, body = request(PN, "GET", f"/api/v1/athletes/{ids[token]}/events?limit=1", bearer(token))
    before[token] = json.loads(body)["total"]
errors = []
WRITES = 5


def worker(k):
    try:
        for i, token in enumerate(TOKENS):
            if i % 8 != k:
                continue
            for w in range(WRITES):
                event = {"at": f"2026-03-12T0{w + 1}:00:00+01:00", "kind": "massage", "minutes": 10 + w}
                s, _, body = request(PN, "POST", f"/api/v1/athletes/{ids[token]}/events",
                                     {**bearer(token), "Content-Type": "application/json"}, json.dumps(event))
                if s != 201:
                    errors.append(f"POST event: {s} {body[:200]}")
                s, _, _ = request(PN, "GET", "/api/v1/status", bearer(token))
                if s != 200:
                    errors.append(f"GET status under load: {s}")
            s, _, _ = request(PN, "GET", "/coach", bearer(COACH))
            if s != 200:
                errors.append(f"GET /coach under load: {s}")
    except Exception as e:  # noqa: BLE001 - any failure of a worker fails the run
        errors.append(repr(e))


threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    fail(f"{len(errors)} failed requests under load, e.g. {errors[0]}")
for token in TOKENS:
    s, _, body = request(P2, "GET", f"/api/v1/athletes/{ids[token]}/events?limit=1", bearer(token))
    if json.loads(body)["total"] != before[token] + WRITES:
        fail(f"athlete {ids[token]}: {json.loads(body)['total']} events, not {before[token] + WRITES}")
    if status(P1, token) != status(P2, token):
        fail("an athlete's status differs between the replicas after the load")

# Both replicas took part.
upstreams = open(f"{DIR}/nginx/access.log").read()
for port in (P1, P2):
    if f"127.0.0.1:{port}" not in upstreams:
        fail(f"nginx never sent a request to the replica on {port}")

# 4. One more entry in every log (so every row is out of date), then the coach's roster asked
#    on both replicas at once: each row is computed by one of them.
for token in TOKENS:
    event = {"at": "2026-03-12T07:30:00+01:00", "kind": "sleep", "hours": 1}
    s, _, body = request(P1, "POST", f"/api/v1/athletes/{ids[token]}/events",
                         {**bearer(token), "Content-Type": "application/json"}, json.dumps(event))
    if s != 201:
        fail(f"POST event: {s} {body[:200]}")
done_before = computed(P1) + computed(P2)
pages = {}


def roster(port):
    # Until every row is current (a row another replica is computing shows as such).
    for _ in range(600):
        s, _, body = request(port, "GET", "/coach", bearer(COACH))
        if s == 200 and 'http-equiv="refresh"' not in body:
            pages[port] = body
            return
        threading.Event().wait(0.2)


both = [threading.Thread(target=roster, args=(p,)) for p in (P1, P2)]
for t in both:
    t.start()
for t in both:
    t.join()
if len(pages) != 2:
    fail("a roster was not current within two minutes")
if pages[P1] != pages[P2]:
    fail("the coach's roster differs between the replicas")
recomputed = computed(P1) + computed(P2) - done_before
if recomputed != N:
    fail(f"{recomputed} roster rows computed on the two replicas together for {N} changed logs")

# 5. A session made on one replica is valid on the other; signing out on one ends it on both.
s, headers, body = request(P1, "GET", "/signin")
pre = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie"]
csrf = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)
form = urllib.parse.urlencode({"_csrf": csrf, "email": "a1@club.test", "password": "replica test passphrase"})
s, headers, body = request(P1, "POST", "/signin", {"Cookie": "; ".join(pre),
                           "Content-Type": "application/x-www-form-urlencoded"}, form)
if s != 303:
    fail(f"sign-in on {P1}: {s} {body[:200]}")
session = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "session" in v]
cookie = {"Cookie": "; ".join(session)}
s, _, page = request(P2, "GET", "/settings", cookie)
if s != 200:
    fail(f"the session from {P1} is not valid on {P2}: {s}")
csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
s, _, _ = request(P2, "POST", "/signout", {**cookie, "Content-Type": "application/x-www-form-urlencoded"},
                  urllib.parse.urlencode({"_csrf": csrf}))
if s != 303:
    fail(f"sign-out on {P2}: {s}")
s, _, _ = request(P1, "GET", "/settings", cookie)
if s == 200:
    fail(f"signed out on {P2}, still signed in on {P1}")

# 6. Wrong passwords through nginx (round robin: both replicas) are counted together.
def sign_in(password):
    s, headers, body = request(PN, "GET", "/signin")
    pre = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie"]
    csrf = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"_csrf": csrf, "email": "a2@club.test", "password": password})
    s, _, _ = request(PN, "POST", "/signin", {"Cookie": "; ".join(pre),
                      "Content-Type": "application/x-www-form-urlencoded"}, form)
    return s


codes = [sign_in("not the passphrase") for _ in range(10)]
if codes != [401] * 10:
    fail(f"ten wrong passwords answered {codes}")
if sign_in("replica test passphrase") != 429:
    fail("the eleventh try within a minute was not throttled across the replicas")

print(f"replicas: ok ({N} athletes, 2 replicas behind nginx on PostgreSQL; "
      f"roster rows computed at start {warm}, after every log changed {recomputed})")
