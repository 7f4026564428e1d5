"""Peer benchmark: gtfs-kit's stop stats for one service date.

Loads a GTFS feed (directory or zip) with gtfs_kit.read_feed and computes
gtfs_kit.compute_stop_stats for one date, printing the wall time (and the process CPU time) of
the load and of the stop stats separately, and the size of the result.

Usage: benches/peers/.venv/bin/python benches/peers/gtfskit_stops.py FEED YYYY-MM-DD [OUT.csv]
"""

import sys
import time

import gtfs_kit as gk


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: gtfskit_stops.py FEED YYYY-MM-DD [OUT.csv]")
    path, date = sys.argv[1], sys.argv[2].replace("-", "")
    out = sys.argv[3] if len(sys.argv) > 3 else None

    w0, c0 = time.perf_counter(), time.process_time()
    feed = gk.read_feed(path, dist_units="km")
    w1, c1 = time.perf_counter(), time.process_time()
    stats = gk.compute_stop_stats(feed, [date])
    w2, c2 = time.perf_counter(), time.process_time()

    print(f"gtfs-kit {gk.__version__ if hasattr(gk, '__version__') else '?'}: "
          f"{len(feed.stops)} stops, {len(feed.stop_times)} stop_times")
    print(f"load        {w1 - w0:8.3f} s wall  {c1 - c0:8.3f} s CPU")
    print(f"stop stats  {w2 - w1:8.3f} s wall  {c2 - c1:8.3f} s CPU  "
          f"({len(stats)} rows, {int(stats['num_trips'].sum())} stop visits)")
    if out:
        stats.to_csv(out, index=False)


if __name__ == "__main__":
    main()
