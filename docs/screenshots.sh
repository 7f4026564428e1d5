#!/usr/bin/env bash
# Screenshots of every section of the shipped sample's report at 1300 px, and its A4 print as PNG
# pages, into docs/screenshots/ (run after changing the report; look at them before committing).
# Needs Debian's chromium, poppler-utils (pdftoppm), netpbm (pamcut) and imagemagick (convert).
set -euo pipefail
cd "$(dirname "$0")/.."
lang="${1:-sv}"
out=target/docs-report-$lang
# The pictures' working files go beside the report, never into it: a file narhet did not write in
# its output folder (rightly) stops the next `narhet report --out "$out"`.
work=target/docs-shots-$lang
dest=docs/screenshots
mkdir -p "$dest" "$work"
cargo run --release --quiet -- report --lang "$lang" --out "$out" >/dev/null
chrome() {
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --hide-scrollbars "$@" 2>/dev/null
}
# Where each section starts, measured in the page itself (a copy with the measuring script).
# (The copy reads the report's figures through <base>, so sections measure at their real height.)
cp .ci/measure.js "$work/measure.js"
sed -e "s#<head>#<head><base href=\"file://$PWD/$out/\">#" \
  -e "s#</body>#<script src=\"file://$PWD/$work/measure.js\"></script></body>#" "$out/report.html" > "$work/measure.html"
chrome --window-size=1300,1600 --dump-dom "file://$PWD/$work/measure.html" |
  sed -n '/<pre id="narhet-measure">/,/<\/pre>/p' | sed 's/<[^>]*>//g' > "$work/measure.txt"
height=$(awk '/^content/ {print $5}' "$work/measure.txt")
chrome --window-size=1300,"$height" --screenshot="$work/full.png" "file://$PWD/$out/report.html" >/dev/null
# One picture per section (the cover and contents go with the first).
mapfile -t starts < <(awk '/^h2/ {print $2}' "$work/measure.txt")
mapfile -t ids < <(awk '/^h2/ {print $3}' "$work/measure.txt")
rm -f "$dest"/"$lang"-*.png
for i in "${!starts[@]}"; do
  top=$(( i == 0 ? 0 : starts[i] - 16 ))
  end=$(( i + 1 < ${#starts[@]} ? starts[i+1] - 16 : height ))
  n=$(printf '%d' $((i + 1)))
  # netpbm crops: ImageMagick's default policy refuses images over 16,384 px high.
  pngtopnm "$work/full.png" | pamcut -top "$top" -height $((end - top)) | pnmtopng > "$work/section.png"
  convert "$work/section.png" -strip -colors 128 "PNG8:$dest/$lang-$n-${ids[i]}.png"
done
# The A4 print, page by page.
chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$PWD/$out/report.html" >/dev/null
rm -f "$dest"/"$lang"-a4-*.png
pdftoppm -r 48 -png "$work/report.pdf" "$dest/$lang-a4"
for f in "$dest"/"$lang"-a4-*.png; do convert "$f" -strip -colors 64 "PNG8:$f"; done
echo "wrote $(ls "$dest"/"$lang"-* | wc -l) pictures to $dest ($(du -sh "$dest" | cut -f1))"
