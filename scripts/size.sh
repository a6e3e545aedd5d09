#!/usr/bin/env bash
# What a phone downloads for the journey's first pages (HTML + CSS + JS + wasm, each compressed
# separately with brotli -q 11 and gzip -9), beside the peer form engines measured in the same run
# by ../shared/bench/peers/measure.sh. Prints one TSV table.
# Usage: scripts/size.sh   (after `cargo leptos build --release --split`; starts the server on a free port)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium

start_built_server
work="$server_dir"  # removed with the server on exit
curl -fs "$base/" -o "$work/home.html"
curl -fs "$base/apply?items=work_injury_rehab&items=assistive_devices&items=unemployment_benefit" -o "$work/apply.html"

sizes() { printf '%s\t%s\t%s' "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"; }
pkg=target/site/pkg
# Every page loads the main module (yijian.js, which imports the split loader) and the main wasm.
shared=("$pkg/yijian.css" "$pkg/yijian.js" "$pkg/yijian.wasm")
for f in "$pkg"/__wasm_split*.js; do [ -f "$f" ] && shared+=("$f"); done
# A lazy island's code is fetched when a page shows it: the split manifest lists its files.
lazy_files() {
  [ -f "$pkg/__wasm_split_manifest.json" ] || return 0
  node -e 'const m = require(process.argv[1]); for (const [k, files] of Object.entries(m))
    if (k.startsWith(process.argv[2])) for (const f of files) console.log(process.argv[3] + "/" + f + ".wasm");' \
    "$ROOT/$pkg/__wasm_split_manifest.json" "$1" "$pkg"
}
mapfile -t home_lazy < <(lazy_files picker_loader)
mapfile -t form_lazy < <(lazy_files bundle_form_loader)
printf 'what\traw\tgz\tbr\n'
for f in "$work/home.html" "$work/apply.html" "${shared[@]}" $(printf '%s\n' "${home_lazy[@]}" "${form_lazy[@]}" | sort -u); do
  printf '%s\t%s\n' "$(basename "$f")" "$(sizes "$f")"
done
br_total() { local t=0; for f in "$@"; do t=$((t + $(brotli -q 11 -c "$f" | wc -c))); done; echo $t; }
gz_total() { local t=0; for f in "$@"; do t=$((t + $(gzip -9 -c "$f" | wc -c))); done; echo $t; }
printf 'first page HTML+CSS\t-\t%s\t%s\n' "$(gz_total "$work/home.html" "$pkg/yijian.css")" "$(br_total "$work/home.html" "$pkg/yijian.css")"
printf 'first page total (HTML+CSS+JS+wasm, picker island)\t-\t%s\t%s\n' \
  "$(gz_total "$work/home.html" "${shared[@]}" "${home_lazy[@]}")" "$(br_total "$work/home.html" "${shared[@]}" "${home_lazy[@]}")"
printf 'form page total, arriving directly (HTML+CSS+JS+wasm, form island)\t-\t%s\t%s\n' \
  "$(gz_total "$work/apply.html" "${shared[@]}" "${form_lazy[@]}")" "$(br_total "$work/apply.html" "${shared[@]}" "${form_lazy[@]}")"

peers="$ROOT/../shared/bench/peers/measure.sh"
if [ -x "$peers" ] || [ -f "$peers" ]; then
  echo
  echo "== peers (same run): engine, js/css raw gz br, total raw gz br"
  bash "$peers" "${TMPDIR:-/tmp}/peers-measure" 2>/dev/null | cut -f1,8,9,10
fi
