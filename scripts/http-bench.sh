#!/usr/bin/env bash
# Requests per second and latency of the built server, side by side in one run: a bare axum
# endpoint (/healthz, same process, same middleware) against server-rendered pages and a server
# function. Needs `wrk` (apt-get install -y wrk) and `cargo leptos build --release` first.
# Usage: scripts/http-bench.sh [seconds per endpoint, default 10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
command -v wrk >/dev/null || as_root apt-get install -y -qq wrk >/dev/null
secs="${1:-10}"
start_built_server
work="$server_dir"  # removed with the server on exit
printf 'endpoint\treq/s\tp50\tp99\n'
# The server function the form page calls: a POST, as the browser sends it.
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "items[0]=work_injury_rehab&items[1]=assistive_devices&items[2]=unemployment_benefit"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
LUA
for path in /healthz / "/apply?items=work_injury_rehab&items=assistive_devices&items=unemployment_benefit" \
            /track/YJ-20260101-NOTREAL1 "POST /api/bundle_context"; do
  if [[ "$path" == POST* ]]; then
    out=$(wrk -t1 -c16 -d"${secs}s" --latency -H 'Accept-Encoding: br' -s "$work/post.lua" "$base${path#POST }")
  else
    out=$(wrk -t1 -c16 -d"${secs}s" --latency -H 'Accept-Encoding: br' "$base$path")
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$path" "$rps" "$p50" "$p99"
done
