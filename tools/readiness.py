#!/usr/bin/env python3
"""Check a linkmatch run's timeline: every link's first session with the
child is an Introductions meeting; no overnight before it; no move without it."""
import csv, sys, collections
WITH_CHILD = {"half_day", "full_day", "day_and_half", "overnight", "staying_put"}
STAYS = {"day_and_half", "overnight"}
def check(path):
    rows = collections.defaultdict(list)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows[r["link_id"]].append(r)
    bad = collections.Counter(); ex = {}
    for link, rs in rows.items():
        rs.sort(key=lambda r: (r["date"], r["start"]))
        sess = [r for r in rs if r["kind"] in WITH_CHILD and r["status"] not in ("cancelled",)]
        intro = [r for r in sess if r["stage"] == "Introductions"]
        first_intro = intro[0]["date"] if intro else None
        if sess and sess[0]["stage"] != "Introductions":
            bad["first session not introductory"] += 1; ex.setdefault("first session not introductory", (link, sess[0]["date"], sess[0]["activity"]))
        for r in sess:
            if r["kind"] in STAYS and (first_intro is None or r["date"] <= first_intro):
                bad["overnight before introductions"] += 1; ex.setdefault("overnight before introductions", (link, r["date"], r["activity"])); break
        if not intro and any(r["kind"] == "milestone" and "moves to the long-term" in r["activity"] for r in rs):
            bad["move without introductions"] += 1; ex.setdefault("move without introductions", (link,))
    return len(rows), bad, ex
for p in sys.argv[1:]:
    n, bad, ex = check(p)
    print(f"{p}: {n} links; " + ("OK" if not bad else "; ".join(f"{k}: {v} (e.g. {ex[k]})" for k, v in bad.items())))
    if bad: rc = 1
