#!/usr/bin/env bash
# Reads the profiles scripts/submit-bench.sh records with SUBMIT_PROFILE=DIR: where the machine's
# CPU went during each peak submission run (by process), then the hottest functions of the
# server and of PostgreSQL (self time; clock sampling, so time in the kernel on their behalf
# counts). Usage: scripts/submit-profile.sh DIR [rows, default 15]
set -eu  # no pipefail: head closes perf's pipe early on purpose
dir="${1:?usage: scripts/submit-profile.sh DIR [rows]}"
rows="${2:-15}"
report() { perf report -i "$1" --no-children --no-inline -g none -q --stdio "${@:2}" 2>/dev/null; }
for data in "$dir"/*.perf; do
  [ -f "$data" ] || continue
  echo "== $(basename "$data" .perf): CPU by process (idle is 'swapper')"
  report "$data" --sort comm | head -8
  echo "-- the server (tokio workers; SQLite's work runs on sqlx-sqlite worker threads): by library"
  report "$data" --comm tokio-rt-worker,sqlx-sqlite-wor --sort comm,dso | head -8
  echo "-- the server: hottest functions"
  report "$data" --comm tokio-rt-worker,sqlx-sqlite-wor --sort sym | head -"$rows"
  if report "$data" --sort comm | grep -q ' postgres'; then
    echo "-- PostgreSQL: hottest functions"
    report "$data" --comm postgres --sort sym | head -"$rows"
  fi
  echo
done
