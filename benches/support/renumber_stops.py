#!/usr/bin/env python3
"""Renumbering experiment for issue #23 (BENCHMARKS.md, "Renumbering stops"): narhet numbers
stops in stops.txt row order, and the router's per-stop arrays (labels, round bitsets, the
stop -> pattern lists, footpaths) follow that number. This script writes a copy of a feed whose
stops.txt rows are in another order (every other file a symlink), so that the same binary can
be timed on both numberings of the same network, and measures how well a numbering keeps a
pattern's stops together.

    renumber_stops.py lines FEED                 # locality of FEED's numbering
    renumber_stops.py write FEED OUT visit       # stops by first visit, most-run stop sequence first
    renumber_stops.py write FEED OUT shuffle     # random order (seed 1): the worst case

"visit" is the order R5 and nigiri give their stops implicitly (by first appearance while
building patterns), taken here over distinct stop sequences sorted by how many trips run them;
stations sit just before their first platform, stops no trip visits go last in file order.
"lines" prints, per call of a trip, the number of distinct 64-byte lines of a u32 per-stop array
that its stop sequence touches (1/16 = a pattern's stops packed together, 1 = no two share one).
Experiment tooling only: narhet itself is unchanged by it; outputs stay in stop_id order.
"""
import collections
import csv
import os
import random
import sys


def sequences(feed, index):
    """Distinct stop sequences (as `index` numbers them) and how many trips run each."""
    seqs = collections.defaultdict(list)
    with open(os.path.join(feed, "stop_times.txt"), newline="") as fh:
        rows = csv.reader(fh)
        head = next(rows)
        ti, si, qi = head.index("trip_id"), head.index("stop_id"), head.index("stop_sequence")
        for row in rows:
            seqs[row[ti]].append((int(row[qi]), index(row[si])))
    return collections.Counter(tuple(s for _, s in sorted(v)) for v in seqs.values())


def read_stops(feed):
    with open(os.path.join(feed, "stops.txt"), newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def lines(feed):
    head, rows = read_stops(feed)
    number = {row[head.index("stop_id")]: i for i, row in enumerate(rows)}
    count = sequences(feed, number.__getitem__)
    calls = sum(len(s) * c for s, c in count.items())
    touched = sum(len({x // 16 for x in s}) * c for s, c in count.items())
    print(f"{feed}: {len(count)} stop sequences, {calls / sum(count.values()):.1f} calls per trip, "
          f"{touched / calls:.3f} distinct 64-byte lines per call")


def write(feed, out, mode):
    head, rows = read_stops(feed)
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(feed):
        if f != "stops.txt" and not os.path.exists(os.path.join(out, f)):
            os.symlink(os.path.abspath(os.path.join(feed, f)), os.path.join(out, f))
    if mode == "shuffle":
        random.Random(1).shuffle(rows)
    elif mode == "visit":
        order = {}
        for seq, _ in sorted(sequences(feed, str).items(), key=lambda kv: (-kv[1], kv[0])):
            for s in seq:
                order.setdefault(s, len(order))
        idi, pi = head.index("stop_id"), head.index("parent_station")
        key = {row[idi]: order.get(row[idi], len(order) + i) for i, row in enumerate(rows)}
        for row in rows:
            if row[pi] in key:
                key[row[pi]] = min(key[row[pi]], key[row[idi]] - 0.5)
        rows.sort(key=lambda row: key[row[idi]])
    else:
        sys.exit(f"unknown order {mode!r} (visit or shuffle)")
    with open(os.path.join(out, "stops.txt"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "lines":
        lines(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "write":
        write(*sys.argv[2:])
    else:
        sys.exit(__doc__)
