#!/usr/bin/env bash
# Re-measures the figures of BENCHMARKS.md: every command under /usr/bin/time -v (wall, user,
# system, peak RSS) with the load average before it. Output: one log per step in $LOG
# (default target/bench-logs/), and a one-line digest per run on stdout.
#
# Needs: cargo build --release --examples (the feeds are made by examples/synth if missing); for the
# peer, the virtualenv of benches/peers/README.md. Run from the repository root:
#   benches/measure.sh            # everything (takes a few minutes on 2 cores)
#   benches/measure.sh load stops # only some steps: load cache peers_load one_to_all router threads
#                                 # pipeline stops peer build
#
# `cache`, `peers_load` and `build` were added for #23 (loading, network cache, build time);
# `build` (benches/build-time.sh: a fresh clone, cold target) takes 10+ minutes and is not in
# the default set. `peers_load` needs the virtualenv of benches/peers/README.md, ferrobus
# included, and downloads gtfs-kit's source (PyPI) once for its NYC subway test feed.
set -euo pipefail
BIN=target/release/narhet
EX=target/release/examples
LOG=${LOG:-target/bench-logs}
RUNS=${RUNS:-3}
F1=target/bench-feeds/1m
F5=target/bench-feeds/5m
F435=target/bench-feeds/435k   # HART-sized (435,000 stop_times), generated
NYC=target/bench-feeds/nyc-subway  # real: NYC subway subset shipped in gtfs-kit 13.0.1's sdist
# A tiny street network for ferrobus (shared/data beside the repository, or beside a worktree).
OSM=${OSM:-$(ls ../shared/data/osm-kallby/kallby.osm.pbf ../../shared/data/osm-kallby/kallby.osm.pbf 2>/dev/null | head -1 || true)}
SYNTH=${SYNTH:-$EX/synth}
D=2026-03-10          # a Tuesday of the generated feeds
DS=2026-11-24         # a Tuesday of the Kronoberg sample
mkdir -p "$LOG"

# timed NAME CMD...: runs CMD under /usr/bin/time -v, keeps its output in $LOG/NAME.log.
timed() {
    local name=$1; shift
    local log="$LOG/$name.log"
    { echo "\$ $*"; echo "loadavg before: $(cat /proc/loadavg)"; } >"$log"
    /usr/bin/time -v "$@" >>"$log" 2>&1
    local wall user sys rss
    wall=$(grep 'Elapsed (wall' "$log" | awk '{print $NF}')
    user=$(grep 'User time' "$log" | awk '{print $NF}')
    sys=$(grep 'System time' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$log" | awk '{print $NF}')
    printf '%-28s wall %8s  user %6s  sys %5s  peak %6d MB  load %s\n' "$name" "$wall" "$user" "$sys" \
        $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)"
}

want() { [[ " ${STEPS} " == *" $1 "* ]]; }
STEPS="$*"
[[ -z "$STEPS" ]] && STEPS="load cache peers_load one_to_all router threads pipeline stops peer"

[[ -f $F1/feed_info.txt ]] || $SYNTH --stops 10000 --stop-times 1000000 --seed 1 --out $F1
[[ -f $F5/feed_info.txt ]] || $SYNTH --stops 50000 --stop-times 5000000 --seed 1 --out $F5
[[ -f $F435/feed_info.txt ]] || $SYNTH --stops 4000 --stop-times 435000 --seed 1 --out $F435

if want load; then
    for i in $(seq "$RUNS"); do timed "load_1m_$i" $EX/load_feed $F1 $D; done
    for i in $(seq "$RUNS"); do timed "load_5m_$i" $EX/load_feed $F5 $D; done
    grep -h -E '^(load|timetable|total|stop table) ' "$LOG"/load_*m_*.log
fi
if want cache; then
    # A cache folder of this run; the first command writes the entry, the next ones read it.
    export NARHET_CACHE_DIR="$LOG/cache"
    rm -rf "$NARHET_CACHE_DIR"
    for i in $(seq "$RUNS"); do timed "cold_5m_$i" $BIN summary --gtfs $F5 --no-cache; done
    timed cache_write_5m $BIN summary --gtfs $F5 -v
    for i in $(seq "$RUNS"); do timed "cached_5m_$i" $BIN summary --gtfs $F5 -v; done
    for i in $(seq "$RUNS"); do timed "cached_load_5m_$i" $EX/load_feed $F5 $D --load-only --cached; done
    grep -h -E '^load|network cache' "$LOG"/cached_load_5m_*.log
    unset NARHET_CACHE_DIR
fi
if want peers_load; then
    if [[ ! -f $NYC/stop_times.txt ]]; then
        dl=target/bench-feeds/dl
        benches/peers/.venv/bin/pip download -q --no-deps --no-binary :all: gtfs-kit==13.0.1 -d $dl
        tar xzf $dl/gtfs_kit-13.0.1.tar.gz -C $dl gtfs_kit-13.0.1/data/nyc_subway_gtfs.zip
        mkdir -p $NYC && unzip -o -q $dl/gtfs_kit-13.0.1/data/nyc_subway_gtfs.zip -d $NYC
    fi
    for f in $NYC $F435; do
        n=$(basename $f)
        for i in $(seq "$RUNS"); do timed "narhet_load_${n}_$i" $EX/load_feed $f $D --load-only; done
        grep -h '^load' "$LOG"/narhet_load_${n}_*.log
        timed "peers_load_$n" benches/peers/.venv/bin/python benches/peers/load_peers.py $f $OSM "$RUNS"
        grep -h '^median' "$LOG/peers_load_$n.log"
    done
fi
if want build; then
    benches/build-time.sh | tee "$LOG/build-time.txt"
fi
if want one_to_all; then
    timed one_to_all_1m $EX/one_to_all $F1 $D 1000
    timed one_to_all_5m $EX/one_to_all $F5 $D 1000
    grep -h 'one-to-all' "$LOG"/one_to_all_*.log
fi
if want router; then
    # Only the set-up of the router bench (its printed figures), no criterion sampling.
    for t in 1 2; do RAYON_NUM_THREADS=$t timed "router_threads_$t" cargo bench -q --features bench --bench router -- no-such-bench; done
    grep -h -E 'origins|CPU time per query' "$LOG"/router_threads_*.log
fi
if want threads; then
    for t in 1 2; do
        for i in $(seq "$RUNS"); do
            RAYON_NUM_THREADS=$t timed "reach_sample_t${t}_$i" $BIN reach --date $DS --out "$LOG/reach-t$t"
        done
        RAYON_NUM_THREADS=$t timed "stoptable_1m_t$t" $EX/load_feed $F1 $D
        grep -h '^stop table' "$LOG/stoptable_1m_t$t.log"
    done
fi
if want pipeline; then
    for i in $(seq "$RUNS"); do timed "report_sample_$i" $BIN report --date $DS --out "$LOG/report"; done
    for i in $(seq "$RUNS"); do timed "reach_sample_$i" $BIN reach --date $DS --out "$LOG/reach"; done
    timed load_sample $EX/load_feed gtfs/kronoberg $DS
    grep -h -E '^(load|timetable|total|stop table) ' "$LOG/load_sample.log"
fi
if want stops; then
    for i in $(seq "$RUNS"); do timed "narhet_stops_1m_$i" $BIN stops --gtfs $F1 --date $D --out "$LOG/narhet_1m.csv"; done
    for i in $(seq "$RUNS"); do timed "narhet_stops_sample_$i" $BIN stops --gtfs gtfs/kronoberg --date $DS --out "$LOG/narhet_sample.csv"; done
fi
if want peer; then
    PY=benches/peers/.venv/bin/python
    timed gtfskit_1m $PY benches/peers/gtfskit_stops.py $F1 $D "$LOG/gtfskit_1m.csv"
    timed gtfskit_sample $PY benches/peers/gtfskit_stops.py gtfs/kronoberg $DS "$LOG/gtfskit_sample.csv"
    grep -h -E '^(load|stop stats) ' "$LOG"/gtfskit_*.log
fi
