#!/usr/bin/env bash
# Runs every output-producing command of narhet on the shipped sample and collects what it writes
# (files and stdout) under DIR, so two builds can be compared file by file (see same-outputs.sh).
# Usage: scripts/outputs.sh NARHET_BINARY DIR
set -euo pipefail
bin=$(realpath "$1"); dir=$2
cd "$(dirname "$0")/.."
rm -rf "$dir"; mkdir -p "$dir"
d=2026-11-24
run() { local name=$1; shift; "$bin" "$@" > "$dir/$name.stdout" 2> "$dir/$name.stderr" || echo "exit $?" >> "$dir/$name.stderr"; }
run report report --date $d --out "$dir/report"
run report-en report --date $d --lang en --csv-excel --out "$dir/report-en"
run reach reach --date $d --window 07:00-09:00 --return-after 2h --out "$dir/reach"
run reach-csv reach --date $d --window 07:00-07:30
for f in csv geojson json; do run coverage-$f coverage --date $d --format $f --out "$dir/coverage-$f"; done
run coverage-text coverage --date $d
run stops stops --region regions/kronoberg.toml --date $d
run stops-json stops --region regions/kronoberg.toml --date $d --format json
run stops-geojson stops --region regions/kronoberg.toml --date $d --format geojson
run stops-stations stops --date $d --stations
run stops-priority stops --region regions/kronoberg.toml --date $d --priority
run ptal ptal --date $d --out "$dir/ptal"
for s in regions/kronoberg/scenarios/*.toml; do
  n=$(basename "$s" .toml)
  run "compare-$n" compare --scenario "$s" --date $d --out "$dir/compare-$n"
  run "apply-$n" scenario apply "$s" --out "$dir/apply-$n"
done
run compare-dates compare --before-date $d --after-date 2026-11-28 --out "$dir/compare-dates"
run compare-en compare --scenario regions/kronoberg/scenarios/landsbygdslinje-dubbel-turtathet.toml --date $d --lang en --out "$dir/compare-en"
run summary summary --date $d
run route route --date $d --from "ljungby busstation" --to "räppe" --depart 07:00
printf 'origin_stop_id,destination_stop_id,departure_time\nalvesta-station,vaxjo-resecentrum,07:30:00\nljungby-busstation,vaxjo-resecentrum,06:00:00\naseda-busstation,vaxjo-resecentrum,23:00:00\n' > "$dir/queries.csv"
run od od --date $d --queries "$dir/queries.csv"
# Timings and paths vary from run to run: drop them from stdout.
sed -i -E 's/ · [0-9]+\.[0-9] s$//; s/[0-9]+\.[0-9] s$//' "$dir"/*.stdout
sed -i -E "s#$dir#DIR#g" "$dir"/*.stdout "$dir"/*.stderr
