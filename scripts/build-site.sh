#!/usr/bin/env bash
# Builds the site as it is served: server and wasm in release, files named after their content
# (`hash-files`), each with a brotli 11 copy (cargo-leptos `--precompress`) and a gzip copy at
# the best level (cargo-leptos' own gzip is 10–15% larger than `gzip -9`, so it is redone here).
# Sourced by run.sh and test.sh after tools.sh.
cargo leptos build --release --split --precompress
find target/site -type f -name '*.gz' | while read -r gz; do
  gzip -9 -n -c "${gz%.gz}" > "$gz.tmp" && mv "$gz.tmp" "$gz"
done
