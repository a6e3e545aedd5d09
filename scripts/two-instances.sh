#!/usr/bin/env bash
# Two server instances against one PostgreSQL database and one receiver, under load from a
# separate process that sends half the submissions to each: every part must be delivered, none
# twice (no kills here, so any repeat at the receiver is a failure). Prints the counts and how
# many deliveries each instance made. Needs `cargo leptos build --release` first, node and psql.
# Usage: scripts/two-instances.sh [drafts, default 600]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
count="${1:-600}"
bin="$CARGO_TARGET_DIR/release/server"
[ -x "$bin" ] || { echo "build the server first: cargo leptos build --release" >&2; exit 1; }
pg_admin="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}"
secret="two-instances-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export RUST_LOG=error YIJIAN_DISPATCH_POLL_MS=100
work="$(mktemp -d)"
name="yijian_two_$RANDOM$RANDOM"
psql -qAt "$pg_admin" -c "CREATE DATABASE $name" >/dev/null
export DATABASE_URL="${pg_admin%/*}/$name" DATA_DIR="$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -qAt "$pg_admin" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
wait_up() {
  for _ in $(seq 1 150); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}

rport=$((4800 + RANDOM % 400))
YIJIAN_RECEIVER_SECRET="$secret" "$bin" receiver --listen "127.0.0.1:$rport" >"$work/receiver.log" 2>&1 &
pids+=("$!")
for dept in $(node -e 'for (const d of require("./catalog/catalog.json").departments) console.log(d.id)'); do
  YIJIAN_RECEIVER_SECRET="$secret" "$bin" dispatch receiver --department "$dept" --url "http://127.0.0.1:$rport/parts" >/dev/null
done
bases=()
servers=()
for i in 1 2; do
  port=$((3600 + i * 100 + RANDOM % 100))
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" LEPTOS_ENV=PROD \
    "$bin" >"$work/server$i.log" 2>&1 &
  pids+=("$!")
  servers+=("$!")
  wait_up "http://127.0.0.1:$port"
  bases+=("http://127.0.0.1:$port")
done
node scripts/prepare-drafts.mjs "${bases[0]}" "$count" "$work/drafts.tsv" >/dev/null
echo "load: $(node scripts/submit-load.mjs --drafts "$work/drafts.tsv" --bases "${bases[0]},${bases[1]}" \
  --concurrency 16 --out "$work/acked.txt")"
query() { psql -qAt -F $'\t' "$DATABASE_URL" -c "$1"; }
for _ in $(seq 1 300); do
  [ "$(query "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")" = 0 ] && break
  sleep 0.2
done
echo "deliveries by instance:"
query "SELECT claimed_by, COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL GROUP BY claimed_by ORDER BY 2 DESC"
query "SELECT a.number, a.items, (SELECT COUNT(*) FROM parts p WHERE p.application_number = a.number) FROM applications a" >"$work/applications.tsv"
query "SELECT id, COALESCE(CAST(delivered_at AS TEXT), ''), COALESCE(delivered_to, '') FROM outbox" >"$work/outbox.tsv"
curl -fs "http://127.0.0.1:$rport/keys" >"$work/keys.json"
echo "receiver: $(curl -fs "http://127.0.0.1:$rport/stats")"
status=0
node scripts/drill-verify.mjs --acked "$work/acked.txt" --applications "$work/applications.tsv" \
  --outbox "$work/outbox.tsv" --keys "$work/keys.json" || status=1
# Graceful shutdown: SIGTERM ends each instance cleanly (exit 0, no claim left behind).
for pid in "${servers[@]}"; do
  kill -TERM "$pid"
  if wait "$pid"; then echo "instance $pid: stopped cleanly on SIGTERM"
  else echo "instance $pid: exit status $? on SIGTERM" >&2; status=1; fi
done
held="$(query "SELECT COUNT(*) FROM outbox WHERE lease_until IS NOT NULL")"
echo "claims left after shutdown: $held"
[ "$held" = 0 ] || status=1
exit "$status"
