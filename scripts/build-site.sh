#!/usr/bin/env bash
# Builds the site as it is served: server and wasm in release, files named after their content
# (`hash-files`), each with a brotli 11 copy (cargo-leptos `--precompress`) and a gzip copy at
# the best level (cargo-leptos' own gzip is 10–15% larger than `gzip -9`, so it is redone here).
# Sourced by run.sh and test.sh after tools.sh.
cargo leptos build --release --split --precompress
find target/site -type f -name '*.gz' | while read -r gz; do
  gzip -9 -n -c "${gz%.gz}" > "$gz.tmp" && mv "$gz.tmp" "$gz"
done

# cargo-leptos names the main JS and wasm before wasm-split rewrites them, and the split loader
# they import (which imports the main JS back) is not deterministic: the order of the names it
# passes on varies between builds. So one source could give different files under one name, and
# a browser keeping a file for a year as `immutable` would pair last build's JS with a loader
# this build no longer has. The three refer to each other, so they are named together: after one
# hash of what all three hold, with their references to each other rewritten (same length, so
# the wasm's layout is untouched), and the server's list of names (hash.txt, beside the server
# binary) points at them.
command -v brotli >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq brotli >/dev/null; }
hash_list="$CARGO_TARGET_DIR/release/hash.txt"
named() { awk -v k="$1:" '$1 == k {print $2}' "$hash_list"; }
pkg=target/site/pkg
js=$(named js) wasm=$(named wasm) split=$(named split)
together=$(cat "$pkg/yijian.$js.js" "$pkg/yijian.$wasm.wasm" "$pkg/__wasm_split.$split.js" | sha256sum | cut -c1-22)
if [ "$together" != "$js" ]; then
  for file in "$pkg/yijian.$js.js" "$pkg/yijian.$wasm.wasm" "$pkg/__wasm_split.$split.js"; do
    LC_ALL=C sed -i -e "s/__wasm_split\.$split\.js/__wasm_split.$together.js/g" \
      -e "s/yijian\.$js\.js/yijian.$together.js/g" "$file"
    rm -f "$file.br" "$file.gz"
  done
  mv "$pkg/yijian.$js.js" "$pkg/yijian.$together.js"
  mv "$pkg/yijian.$wasm.wasm" "$pkg/yijian.$together.wasm"
  mv "$pkg/__wasm_split.$split.js" "$pkg/__wasm_split.$together.js"
  for file in "$pkg/yijian.$together.js" "$pkg/yijian.$together.wasm" "$pkg/__wasm_split.$together.js"; do
    brotli -q 11 -f -o "$file.br" "$file"
    gzip -9 -n -c "$file" > "$file.gz"
  done
  sed -i -e "s/^js: .*/js: $together/" -e "s/^wasm: .*/wasm: $together/" \
    -e "s/^split: .*/split: $together/" "$hash_list"
fi
