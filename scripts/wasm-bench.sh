#!/usr/bin/env bash
# Composition timed in the browser build (wasm, headless Chromium) on the seed catalog.
# Run after `cargo leptos build --release`. The parse of the catalog slice is outside the timing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium
start_built_server
node scripts/wasm-bench.mjs "$base"
