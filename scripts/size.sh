#!/usr/bin/env bash
# What a phone receives for the journey's first pages, as the server sends it over HTTP (its
# build-time brotli copies of the built files, its own compression of the HTML), file by file,
# against the budgets; then the peer form engines measured in the same run by
# ../shared/bench/peers/measure.sh. Exits non-zero when a page is over its budget.
# Usage: scripts/size.sh   (after `bash scripts/build-site.sh`, which `make test` runs)
#        SIZE_PEERS=0 scripts/size.sh   (the budgets only, as `make test` checks them)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium

start_built_server
over=0
node scripts/size.mjs "$base" || over=1

peers="$ROOT/../shared/bench/peers/measure.sh"
if [ "${SIZE_PEERS:-1}" != 0 ] && [ -f "$peers" ]; then
  echo
  echo "== peers (same run): engine, js/css raw gz br, total raw gz br"
  bash "$peers" "${TMPDIR:-/tmp}/peers-measure" 2>/dev/null | cut -f1,8,9,10
fi
exit $over
