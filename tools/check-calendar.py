#!/usr/bin/env python3
"""Checks a linkmatch run's timeline the way a fostering panel reads it.

Usage: tools/check-calendar.py SCENARIO_DIR OUT_DIR

Reads SCENARIO_DIR/children.csv and OUT_DIR/timeline.csv and
OUT_DIR/plan_warnings.csv, and reports, independently of the planner:
  - sessions with the link carer touching 25 or 26 December or 1 January,
    and meetings, reviews or visits on those days or after noon on
    24 December (the default [plan] closed_days and closed_afternoons);
  - runs without contact longer than the template's limits (14 days before
    the move, 28 from it: the default template) that plan_warnings.csv does
    not list as gap_in_contact;
  - siblings linked to one carer whose looked-after reviews fall on
    different days (from five weeks before the move until the elder is 18).
Exits 1 when it finds any of these.
"""
import csv
import datetime as dt
import sys
from collections import defaultdict

WITH_CHILD = {"half_day", "full_day", "day_and_half", "overnight", "staying_put"}
MEETINGS = {"meeting", "review", "visit"}
BEFORE_MOVE, AFTER_MOVE = 14, 28


def day(s):
    return dt.date.fromisoformat(s)


def closed(d):
    return (d.month, d.day) in {(12, 25), (12, 26), (1, 1)}


def main(scenario, out):
    children = {r["id"]: r for r in csv.DictReader(open(f"{scenario}/children.csv"))}
    rows = list(csv.DictReader(open(f"{out}/timeline.csv")))
    warnings = list(csv.DictReader(open(f"{out}/plan_warnings.csv")))
    problems = defaultdict(list)

    by_link = defaultdict(list)
    for r in rows:
        by_link[r["link_id"]].append(r)
        d, e = day(r["date"]), day(r["end_date"])
        if r["kind"] in WITH_CHILD:
            x = d
            while x <= e:
                if closed(x) and not (x == e and x > d and r["end"] == "00:00"):
                    problems["session on a closed day"].append(f'{r["link_id"]} {r["date"]} {r["activity"]}')
                x += dt.timedelta(days=1)
        if r["kind"] in MEETINGS and (closed(d) or (d.month, d.day) == (12, 24) and r["end"] > "12:00"):
            problems["meeting on a closed day or Christmas Eve afternoon"].append(f'{r["link_id"]} {r["date"]} {r["start"]} {r["activity"]}')

    gaps = defaultdict(list)
    for w in warnings:
        if w["problem"] == "gap_in_contact":
            gaps[w["link_id"]].append((day(w["from"]), day(w["to"])))

    moves, reviews, carer_of = {}, defaultdict(list), {}
    for link, rs in by_link.items():
        carer_of[link] = rs[0]["carer_id"]
        contact = set()
        for r in rs:
            if r["kind"] in WITH_CHILD:
                x = day(r["date"])
                while x <= day(r["end_date"]):
                    contact.add(x)
                    x += dt.timedelta(days=1)
            if r["kind"] == "milestone" and "moves to the long-term" in r["activity"]:
                moves[link] = day(r["date"])
            if r["kind"] == "review":
                reviews[link].append(day(r["date"]))
        start, end = min(day(r["date"]) for r in rs), max(day(r["date"]) for r in rs)
        move = moves.get(link)
        run = None
        x = start
        while x <= end:
            if x < end and x not in contact:
                run = run or x
            elif run:
                limit = BEFORE_MOVE if move is None or run < move else AFTER_MOVE
                length = (x - run).days
                if length > limit and not any(f <= run and t >= x - dt.timedelta(days=1) for f, t in gaps[link]):
                    problems["gap not in plan_warnings.csv"].append(f"{link} {run} to {x - dt.timedelta(days=1)} ({length} days)")
                run = None
            x += dt.timedelta(days=1)

    links = sorted(by_link)
    for i, a in enumerate(links):
        ca = children[by_link[a][0]["child_id"]]
        for b in links[i + 1:]:
            cb = children[by_link[b][0]["child_id"]]
            if not ca["sibling_group"] or ca["sibling_group"] != cb["sibling_group"] or carer_of[a] != carer_of[b] or a not in moves:
                continue
            b18 = min(day(ca["date_of_birth"]).replace(year=day(ca["date_of_birth"]).year + 18),
                      day(cb["date_of_birth"]).replace(year=day(cb["date_of_birth"]).year + 18))
            lo = moves[a] - dt.timedelta(days=35)
            ra = [d for d in reviews[a] if lo <= d < b18]
            rb = [d for d in reviews[b] if lo <= d < b18]
            if ra != rb:
                problems["siblings' reviews on different days"].append(f"{a} {list(map(str, ra))} / {b} {list(map(str, rb))}")

    print(f"{out}: {len(rows)} rows, {len(by_link)} links, {len(warnings)} warnings")
    for k in ["session on a closed day", "meeting on a closed day or Christmas Eve afternoon",
              "gap not in plan_warnings.csv", "siblings' reviews on different days"]:
        print(f"  {k}: {len(problems[k])}")
        for p in problems[k][:5]:
            print(f"    {p}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
