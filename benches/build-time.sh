#!/usr/bin/env bash
# Times the README's two commands from a fresh clone with a cold target directory (the
# ~/.cargo registry stays warm: no downloads are timed), as a new user runs them.
#
#   benches/build-time.sh [REV] [RUN_CMD] [TEST_CMD]
#
# REV defaults to HEAD; the commands default to the README's (`cargo run --release -- report`,
# `cargo test --release`). For the layout before #23 give the commands it had:
#   benches/build-time.sh <rev> "cargo run --release -- report" "cargo test"
# Prints wall and CPU (user + system) time of each command and the load average around it;
# logs in target/bench-logs/build-time/.
set -euo pipefail
REV=${1:-HEAD}
RUN=${2:-cargo run --release -- report}
TEST=${3:-cargo test --release}
ROOT=$(git rev-parse --show-toplevel)
LOG="$ROOT/target/bench-logs/build-time"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOG"
git clone -q "$ROOT" "$WORK/src"
git -C "$WORK/src" checkout -q "$REV"
export CARGO_TARGET_DIR="$WORK/target"
cd "$WORK/src"
cargo fetch -q   # downloads (if any) are not timed
timed() {
    local name=$1; shift
    echo "loadavg before: $(cat /proc/loadavg)" >"$LOG/$name.log"
    /usr/bin/time -v "$@" >>"$LOG/$name.log" 2>&1 || true
    local wall user sys
    wall=$(grep 'Elapsed (wall' "$LOG/$name.log" | awk '{print $NF}')
    user=$(grep 'User time' "$LOG/$name.log" | awk '{print $NF}')
    sys=$(grep 'System time' "$LOG/$name.log" | awk '{print $NF}')
    printf '%-6s wall %9s  CPU %8.0f s  load after %s   (%s)\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "$*"
}
timed run $RUN
timed test $TEST
grep -h 'test result' "$LOG/test.log" | awk '{p+=$4; f+=$6} END {print "tests: " p " passed, " f " failed"}'
