#!/usr/bin/env bash
# Checks that a refactoring changed no output: runs scripts/outputs.sh with two narhet binaries
# and compares every file. Known, intended differences are normalised first (NORMALISE below).
# Usage: scripts/same-outputs.sh OLD_BINARY NEW_BINARY [WORKDIR]
set -euo pipefail
old=$1; new=$2; work=${3:-target/same-outputs}
here=$(dirname "$0")
"$here/outputs.sh" "$old" "$work/old"
"$here/outputs.sh" "$new" "$work/new"
# Intended differences (issue #15): PTAL cell ids were E_N, now SCB's 13-digit ruta.
for side in old new; do
  find "$work/$side" -name 'ptal_cells.*' -exec sed -i -E 's/"?\b([0-9]{6})_([0-9]{7})\b"?/\1\2/g; s/"([0-9]{13})"/\1/g' {} +
done
if diff -r -q "$work/old" "$work/new"; then
  echo "same outputs: $(find "$work/new" -type f | wc -l) files"
else
  echo "outputs differ (see diff -r $work/old $work/new)"; exit 1
fi
