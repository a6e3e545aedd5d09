#!/usr/bin/env bash
# Composition timed in the browser build (wasm, headless Chromium) on the seed catalog.
# Builds its own copy of the site into target/site-bench with the `wasm-bench` feature (the
# served build does not export the benchmark hook), then times `engine_benchmark` on the form
# island's own data. The decode of that data is outside the timing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium
# Its own list of hashed names too, so the served site's list (hash.txt) is left alone.
export LEPTOS_HASH_FILE_NAME=hash-bench.txt
LEPTOS_SITE_ROOT=target/site-bench cargo leptos build --release --split --lib-features wasm-bench --frontend-only
SITE_ROOT=target/site-bench start_built_server
node scripts/wasm-bench.mjs "$base"
