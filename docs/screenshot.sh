#!/usr/bin/env bash
# Regenerates docs/report-first-page.png from the shipped sample's report (run after changing the
# report). Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- report --out target/docs-report >/dev/null
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1100,1500 \
  --screenshot=docs/report-first-page.png "file://$PWD/target/docs-report/report.html" 2>/dev/null
echo "wrote docs/report-first-page.png"
