"""Peer benchmark: how long gtfs-kit and ferrobus take to load a GTFS feed, in-process.

gtfs-kit: gtfs_kit.read_feed (pandas tables of every file). ferrobus: create_transit_model,
its only way in (GTFS into its RAPTOR model, plus a street network from an OSM file: give a
tiny one, e.g. shared/data/osm-kallby/kallby.osm.pbf, so that GTFS dominates). Each is run
RUNS times (default 5) after one warm-up, alternating; prints each run and the medians.

Usage: benches/peers/.venv/bin/python benches/peers/load_peers.py FEED_DIR OSM_PBF [RUNS]
"""

import statistics
import sys
import time

import ferrobus
import gtfs_kit as gk


def timed(f):
    w, c = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: load_peers.py FEED_DIR OSM_PBF [RUNS]")
    feed, osm = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    peers = {
        "gtfs-kit read_feed": lambda: gk.read_feed(feed, dist_units="km"),
        "ferrobus create_transit_model": lambda: ferrobus.create_transit_model(osm, [feed], None),
    }
    times = {k: [] for k in peers}
    for i in range(runs + 1):
        for name, f in peers.items():
            wall, cpu = timed(f)
            if i > 0:
                times[name].append((wall, cpu))
                print(f"run {i}  {name:32s} {wall:7.3f} s wall  {cpu:7.3f} s CPU")
    for name, t in times.items():
        print(f"median  {name:32s} {statistics.median(w for w, _ in t):7.3f} s wall  "
              f"{statistics.median(c for _, c in t):7.3f} s CPU")


if __name__ == "__main__":
    main()
