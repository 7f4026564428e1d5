"""Peer benchmark: ferrobus's point-to-point `find_route` on the queries narhet's
`examples/point_to_point` ran (its OUT_CSV: origin and destination stops with coordinates).

ferrobus routes between coordinates over an OSM street network, and no OSM extract covers the
generated feeds, so this script first writes a stand-in (`--make-osm`): one node at each stop
and a footway from each stop to every stop within 500 m (narhet's default footpath radius), so
that ferrobus walks where narhet's footpaths go (plus one far hub that makes the network
connected, as ferrobus keeps only its largest component). Each query's points sit on their stops.

Times every find_route call (after one warm-up pass) RUNS times, prints per-query wall and CPU
medians, and how many answers equal narhet's arrival (ferrobus walks at its own speed along the
stand-in streets, so a few walks differ by seconds).

Usage:
  p2p_peers.py --make-osm FEED_DIR OUT.osm.pbf
  p2p_peers.py FEED_DIR OSM_PBF PAIRS_CSV YYYY-MM-DD [RUNS]
"""

import csv
import datetime
import math
import statistics
import sys
import time


def make_osm(feed: str, out: str) -> None:
    import osmium

    stops = []
    with open(f"{feed}/stops.txt", newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            stops.append((float(row["stop_lat"]), float(row["stop_lon"])))
    cell = 0.01  # degrees, about 1 km: neighbours within 500 m are in adjacent cells
    grid: dict = {}
    for i, (lat, lon) in enumerate(stops):
        grid.setdefault((int(lat / cell), int(lon / cell)), []).append(i)

    def metres(a, b):
        dy = (a[0] - b[0]) * 111_320
        dx = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
        return math.hypot(dx, dy)

    ways, stubs = [], []
    for i, p in enumerate(stops):
        ci, cj = int(p[0] / cell), int(p[1] / cell)
        near = [
            j
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            for j in grid.get((ci + di, cj + dj), [])
            if j != i and metres(p, stops[j]) <= 500
        ]
        ways += [[i + 1, j + 1] for j in near if j > i]
        if not near:  # every stop on some street: a 10 m stub
            stubs.append((len(stops) + len(stubs) + 1, p))
            ways.append([i + 1, stubs[-1][0]])
    # ferrobus keeps the largest connected street network only: tie every stop to one hub a
    # degree (111 km) south of the feed, so far that no walk within its limits goes through it.
    hub = len(stops) + len(stubs) + 1
    ways += [[i + 1, hub] for i in range(len(stops))]
    # Nodes first (in id order), then ways, as OSM files are ordered.
    w = osmium.SimpleWriter(out)
    for i, (lat, lon) in enumerate(stops):
        w.add_node(osmium.osm.mutable.Node(id=i + 1, location=(lon, lat), version=1))
    for n, (lat, lon) in stubs:
        w.add_node(osmium.osm.mutable.Node(id=n, location=(lon + 0.00015, lat), version=1))
    south = min(lat for lat, _ in stops) - 1.0
    w.add_node(osmium.osm.mutable.Node(id=hub, location=(stops[0][1], south), version=1))
    for k, nodes in enumerate(ways):
        w.add_way(osmium.osm.mutable.Way(id=k + 1, nodes=nodes, tags={"highway": "footway"}, version=1))
    w.close()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--make-osm":
        make_osm(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    import ferrobus

    feed, osm, pairs_csv, day = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    model = ferrobus.create_transit_model(osm, [feed], datetime.date.fromisoformat(day))
    with open(pairs_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    pts = []
    for r in rows:
        a = ferrobus.create_transit_point(float(r["from_lat"]), float(r["from_lon"]), model, 1200, 10)
        b = ferrobus.create_transit_point(float(r["to_lat"]), float(r["to_lon"]), model, 1200, 10)
        pts.append((a, b, int(r["depart"])))
    # max_transfers 7 = at most 8 rides, as narhet's queries.
    answers = [ferrobus.find_route(model, a, b, t, 7) for a, b, t in pts]
    per_query = []
    for i in range(runs):
        w, c = time.perf_counter(), time.process_time()
        for a, b, t in pts:
            ferrobus.find_route(model, a, b, t, 7)
        w, c = time.perf_counter() - w, time.process_time() - c
        per_query.append((w / len(pts), c / len(pts)))
        print(f"run {i + 1}: ferrobus find_route {w / len(pts) * 1e3:.4f} ms wall, {c / len(pts) * 1e3:.4f} ms CPU per query")
    same = reached = 0
    for r, a in zip(rows, answers):
        if a is None:
            continue
        reached += 1
        if r["arrival"] and int(r["arrival"]) == int(r["depart"]) + a["travel_time_seconds"]:
            same += 1
    print(
        f"median: ferrobus find_route {statistics.median(w for w, _ in per_query) * 1e3:.4f} ms wall, "
        f"{statistics.median(c for _, c in per_query) * 1e3:.4f} ms CPU per query; {len(rows)} queries, "
        f"{reached} reached, {same} with narhet's arrival; narhet reached "
        f"{sum(1 for r in rows if r['arrival'])}"
    )


if __name__ == "__main__":
    main()
