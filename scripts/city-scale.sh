#!/usr/bin/env bash
# The release server with the seed catalog (31 items) and with the synthetic city-scale one
# (3,900 items, 1,008 packages, 40 departments: `cargo run -p app --example city_catalog`,
# loaded with YIJIAN_CATALOG), one after the other on this machine, each on a new SQLite
# database: time from start to the first answer (first start stores the catalog; the second
# finds it stored), resident memory after the home page was served 20 times, and the home page
# as served (bytes over HTTP, uncompressed and brotli). Needs `bash scripts/build-site.sh` first.
# Usage: scripts/city-scale.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cargo run -q --release -p app --example city_catalog > "$work/city.json"
ms() { echo $(( $(date +%s%N) / 1000000 )); }

run() { # name, catalog file ('' for the built-in seed), data dir
  local port=$((3300 + RANDOM % 500)) t0
  t0=$(ms)
  DATA_DIR="$3" DATABASE_URL= YIJIAN_CATALOG="$2" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD RUST_LOG=error "$CARGO_TARGET_DIR/release/server" &
  pid=$!
  base="http://127.0.0.1:$port"
  until curl -fs "$base/healthz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the server did not start with $1" >&2; exit 1; }
    sleep 0.02
  done
  started=$(( $(ms) - t0 ))
}

printf '| catalog | first start | later start | memory (RSS) | home page | home page, brotli |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for name in seed city; do
  file=""; [ "$name" = city ] && file="$work/city.json"
  mkdir -p "$work/$name"
  run "$name" "$file" "$work/$name"; first=$started
  kill "$pid"; wait "$pid" 2>/dev/null || true
  run "$name" "$file" "$work/$name"; later=$started
  for _ in $(seq 1 20); do curl -fs -o /dev/null "$base/"; done
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  plain=$(curl -fs "$base/" | wc -c)
  br=$(curl -fs -H 'Accept-Encoding: br' "$base/" | wc -c)
  printf '| %s | %d ms | %d ms | %d MiB | %d B | %d B |\n' "$name" "$first" "$later" "$rss" "$plain" "$br"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
