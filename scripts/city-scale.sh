#!/usr/bin/env bash
# The release server with the seed catalog (31 items) and with the synthetic city-scale one
# (3,900 items, 1,008 packages, 40 departments: `cargo run -p server --example city_catalog`,
# loaded with YIJIAN_CATALOG), one after the other on this machine, each on a new SQLite
# database: time from start to the first answer (first start stores the catalog; the second
# finds it stored), resident memory after the home page was served 20 times, and the home page
# as served (bytes over HTTP, uncompressed and brotli; with its stylesheet, the first screen a
# phone downloads), and the picker's search reply (`/api/browse?q=`, a mix of Chinese,
# everyday words, pinyin initials, full pinyin and English) under 16 concurrent clients with
# wrk. Then, on each, a catalog editor's publication over HTTP: the draft page (median of 5),
# one item changed, and the publication (checked whole, stored, in use) until its redirect.
# Needs `bash scripts/build-site.sh` first.
# Usage: scripts/city-scale.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
# The catalog file the tests wrote (CITY_CATALOG), or a new one.
if [ -n "${CITY_CATALOG:-}" ] && [ -s "$CITY_CATALOG" ]; then
  cp "$CITY_CATALOG" "$work/city.json"
else
  cargo run -q -p server --example city_catalog > "$work/city.json"
fi
command -v wrk >/dev/null || as_root apt-get install -y -qq wrk >/dev/null
# Searches as citizens type them, cycled through by every connection (percent-encoded UTF-8).
cat > "$work/search.lua" <<'LUA'
local typed = {
  "%E8%BA%AB%E4%BB%BD%E8%AF%81", -- 身份证
  "sfz",
  "%E5%A4%B1%E4%B8%9A%E9%87%91", -- 失业金
  "gongjijin",
  "licence",
  "%E7%99%BB%E8%AE%B0", -- 登记
  "g",
  "%E5%87%BA%E7%94%9F", -- 出生
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/browse?q=" .. typed[(n % #typed) + 1])
end
LUA
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

publications=""
printf '| catalog | first start | later start | memory (RSS) | home page | home page, brotli | first screen (HTML + CSS), brotli | search replies/s | search p50 | search p99 |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
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
  css_path=$(curl -fs "$base/" | grep -o 'href="/pkg/[^"]*\.css"' | head -1 | sed 's/^href="//; s/"$//')
  css=$(curl -fs -H 'Accept-Encoding: br' "$base$css_path" | wc -c)
  out=$(wrk -t2 -c16 -d10s --latency -s "$work/search.lua" "$base")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '| %s | %d ms | %d ms | %d MiB | %d B | %d B | %d B | %s | %s | %s |\n' \
    "$name" "$first" "$later" "$rss" "$plain" "$br" "$((br + css))" "$rps" "$p50" "$p99"
  # A catalog editor's publication, as the page does it (plain form posts).
  DATA_DIR="$work/$name" DATABASE_URL= YIJIAN_CATALOG="$file" YIJIAN_STAFF_PASSWORD='a long bench password' \
    RUST_LOG=error "$CARGO_TARGET_DIR/release/server" staff add --username "ed$name" --name 编辑 \
    --role catalog_editor >/dev/null
  jar="$work/$name.cookies"
  curl -fs -c "$jar" -o /dev/null --data-urlencode "username=ed$name" \
    --data-urlencode 'password=a long bench password' "$base/staff/sign-in"
  curl -fs -b "$jar" -o /dev/null -X POST "$base/staff/catalog/draft/start"
  page_ms=$(for _ in 1 2 3 4 5; do curl -fs -b "$jar" -o /dev/null -w '%{time_total}\n' "$base/staff/catalog"; done \
    | sort -n | sed -n 3p | awk '{printf "%.0f", $1 * 1000}')
  item=$(python3 - "${file:-catalog/catalog.json}" <<'PY'
import json, sys, urllib.parse
i = json.load(open(sys.argv[1]))["items"][0]
days = max(1, i["committed_days"] - 1)
print(urllib.parse.urlencode({"item": i["id"], "name_zh": i["name"]["zh"], "name_en": i["name"]["en"],
  "department": i["department"], "committed_days": days, "statutory_days": i.get("statutory_days") or ""}))
PY
)
  item_ms=$(curl -fs -b "$jar" -o /dev/null -w '%{time_total}' --data "$item" "$base/staff/catalog/draft/change" | awk '{printf "%.0f", $1 * 1000}')
  publish_ms=$(curl -fs -b "$jar" -o /dev/null -w '%{time_total}' --data "version=bench-$name" "$base/staff/catalog/draft/publish" | awk '{printf "%.0f", $1 * 1000}')
  publications+=$(printf '| %s | %s ms | %s ms | %s ms |' "$name" "$page_ms" "$item_ms" "$publish_ms")$'\n'
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
printf '\n| catalog | draft page (with every change listed and the whole check) | one item changed | publication |\n'
printf '| --- | ---: | ---: | ---: |\n'
printf '%s' "$publications"
