#!/usr/bin/env bash
# Bytes and time of each compression level on the pages the server renders per request, beside
# the time the server takes to render them (README, "What is served").
# Usage: scripts/compression-levels.sh   (after `bash scripts/build-site.sh`, which `make test` runs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
start_built_server
cargo run -q --release -p server --example compression_levels -- \
  "$base/" \
  "$base/apply?items=work_injury_rehab&items=assistive_devices&items=unemployment_benefit"
