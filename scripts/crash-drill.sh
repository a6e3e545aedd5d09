#!/usr/bin/env bash
# Crash drill: submissions under load from a separate process while the server is killed with
# SIGKILL at random moments and restarted, then every acknowledged application must be stored
# whole and every outbox entry delivered to the (separate) reference receiver exactly once.
# Prints acknowledged / stored / delivered / duplicated and exits non-zero on any loss or
# duplicate. Needs `cargo leptos build --release` first (the server binary), node, sqlite3, psql.
# Usage: scripts/crash-drill.sh [sqlite|postgres|both, default both] [kills, default 20] [drafts, default 2500]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
command -v sqlite3 >/dev/null || as_root apt-get install -y -qq sqlite3 >/dev/null
which="${1:-both}"
kills="${2:-20}"
count="${3:-2500}"
bin="$CARGO_TARGET_DIR/release/server"
[ -x "$bin" ] || { echo "build the server first: cargo leptos build --release" >&2; exit 1; }
pg_admin="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}"
secret="drill-secret-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
# Short leases and timeouts: an entry a killed instance held comes back within seconds.
export YIJIAN_DISPATCH_LEASE_MS=3000 YIJIAN_DISPATCH_TIMEOUT_MS=1000 YIJIAN_DISPATCH_POLL_MS=200 \
       YIJIAN_DISPATCH_RETRY_BASE_MS=200 YIJIAN_DISPATCH_RETRY_MAX_MS=2000 RUST_LOG=error

pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 150); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}

# Runs SQL against the drill's database, tab-separated, no headers.
query() {
  if [ "$db" = sqlite ]; then sqlite3 -separator $'\t' "$work/yijian.db" "$1"
  else psql -qAt -F $'\t' "$DATABASE_URL" -c "$1"; fi
}

start_server() {
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" LEPTOS_ENV=PROD \
    "$bin" >>"$work/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  wait_up "http://127.0.0.1:$port"
}

drill() {
  db="$1"
  work="$(mktemp -d)"
  port=$((3400 + RANDOM % 400)); rport=$((4400 + RANDOM % 400))
  export DATA_DIR="$work"
  if [ "$db" = sqlite ]; then
    export DATABASE_URL=
  else
    name="yijian_drill_$RANDOM$RANDOM"
    psql -qAt "$pg_admin" -c "CREATE DATABASE $name" >/dev/null
    export DATABASE_URL="${pg_admin%/*}/$name"
  fi
  YIJIAN_RECEIVER_SECRET="$secret" "$bin" receiver --listen "127.0.0.1:$rport" >"$work/receiver.log" 2>&1 &
  pids+=("$!")
  # Every department's parts go to the receiver, whatever the bundle.
  for dept in $(node -e 'for (const d of require("./catalog/catalog.json").departments) console.log(d.id)'); do
    YIJIAN_RECEIVER_SECRET="$secret" "$bin" dispatch receiver --department "$dept" --url "http://127.0.0.1:$rport/parts" >/dev/null
  done
  start_server
  base="http://127.0.0.1:$port"
  node scripts/prepare-drafts.mjs "$base" "$count" "$work/drafts.tsv" >/dev/null
  : >"$work/kills.txt"
  node scripts/submit-load.mjs --drafts "$work/drafts.tsv" --bases "$base" --concurrency 8 \
    --out "$work/acked.txt" --give-up-after-s 600 >"$work/load.json" &
  load=$!
  for _ in $(seq 1 "$kills"); do
    sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
    printf '%s\t%s\n' "$(date +%s%3N)" "$server_pid" >>"$work/kills.txt"
    kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
    start_server
  done
  wait "$load"
  # Let the dispatcher drain what is left (leases of the last kill run out first).
  for _ in $(seq 1 300); do
    [ "$(query "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")" = 0 ] && break
    sleep 0.2
  done
  query "SELECT a.number, a.items, (SELECT COUNT(*) FROM parts p WHERE p.application_number = a.number) FROM applications a" >"$work/applications.tsv"
  query "SELECT id, COALESCE(CAST(delivered_at AS TEXT), ''), COALESCE(delivered_to, '') FROM outbox" >"$work/outbox.tsv"
  curl -fs "http://127.0.0.1:$rport/keys" >"$work/keys.json"
  echo "== $db: $kills kills, load $(cat "$work/load.json")"
  status=0
  node scripts/drill-verify.mjs --acked "$work/acked.txt" --applications "$work/applications.tsv" \
    --outbox "$work/outbox.tsv" --keys "$work/keys.json" --kills "$work/kills.txt" || status=1
  cleanup; pids=()
  [ "$db" = postgres ] && psql -qAt "$pg_admin" -c "DROP DATABASE IF EXISTS $name" >/dev/null
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept for reading: $work" >&2; fi
  return "$status"
}

result=0
case "$which" in
  sqlite) drill sqlite || result=1 ;;
  postgres) drill postgres || result=1 ;;
  both) drill sqlite || result=1; drill postgres || result=1 ;;
  *) echo "usage: $0 [sqlite|postgres|both] [kills] [drafts]" >&2; exit 2 ;;
esac
exit "$result"
