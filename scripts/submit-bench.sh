#!/usr/bin/env bash
# Durable submissions per second over HTTP, on SQLite and on PostgreSQL, side by side in one run
# with two ceilings measured against the same database by the same kind of pool:
#   GET /bare     an axum endpoint doing nothing (server/examples/ceiling.rs): the HTTP ceiling;
#   POST /insert  one durable single-row INSERT per request, same database, same pool settings
#                 (server::db::Db::connect_with): the write ceiling a submission is compared with;
#   submit        POST /api/submit_application of the built release server, each request a new
#                 three-item application (the application, three parts, three outbox rows, an
#                 audit row and the draft's removal, in one transaction), each draft prepared
#                 beforehand over HTTP in its own anonymous session with its five documents
#                 uploaded (scripts/prepare-drafts.mjs).
# Load comes from a separate process: wrk, one thread (the machine has 2 cores; the server
# needs the other), closed loop, for the peak. Then a second submission run at 80% of that peak
# for the p99 a server sees when not saturated: wrk cannot pace and Debian has no wrk2, so that
# run uses scripts/paced-load.mjs (open loop at a fixed rate, latency from each request's due
# time, so a server falling behind shows in p99 rather than slowing the load down).
# Finally the database is asked how many applications and parts were stored, and that is
# compared with what the load generators counted as accepted (3 parts each).
#
# Needs the release server built first (`make run` or `cargo leptos build --release`); builds the
# ceiling example itself. PostgreSQL: a fresh database on postgres://postgres@127.0.0.1:5432
# (BENCH_PG_URL to change), dropped at exit; skipped with a message when it does not answer.
# BENCH_DATABASES="sqlite" or "postgres" measures one only. Other work on the machine skews
# every number: the last column says how much of the CPU the app, the database and everything
# together used during each run.
# SUBMIT_PROFILE=DIR records the peak runs with perf (whole machine, clock sampling) into
# DIR/sqlite.perf and DIR/postgres.perf; read them with scripts/submit-profile.sh DIR. Profiling
# costs some throughput: take the numbers from a run without it.
# Usage: scripts/submit-bench.sh [seconds, default 10] [connections, default 16]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
command -v wrk >/dev/null || as_root apt-get install -y -qq wrk >/dev/null
command -v sqlite3 >/dev/null || as_root apt-get install -y -qq sqlite3 >/dev/null
command -v psql >/dev/null || as_root apt-get install -y -qq postgresql-client >/dev/null
secs="${1:-10}"
conns="${2:-16}"
pg_admin="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

server_bin="$CARGO_TARGET_DIR/release/server"
if [ ! -x "$server_bin" ]; then
  echo "no release server at $server_bin: build it first (make run, or cargo leptos build --release)" >&2
  exit 1
fi
# Not in parallel with anything: a release build wants both cores.
echo "== building the ceiling example (cargo build --release --example ceiling)"
cargo build --release --example ceiling -q
ceiling_bin="$CARGO_TARGET_DIR/release/examples/ceiling"

work="$(mktemp -d)"
server_pid=""
ceiling_pid=""
pg_db=""
stop_apps() {
  for pid in $server_pid $ceiling_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $server_pid $ceiling_pid; do wait "$pid" 2>/dev/null || true; done
  server_pid=""
  ceiling_pid=""
}
cleanup() {
  local status=$?
  stop_apps
  if [ "$status" != 0 ]; then
    for log in "$work"/server-*.log; do
      [ -f "$log" ] || continue
      echo "--- the last lines of $(basename "$log"):"
      grep -v -E 'first run:|no YIJIAN_DATA_KEY' "$log" | tail -5 | cut -c1-400
    done >&2
  fi
  if [ -n "$pg_db" ]; then
    psql "$pg_admin" -qAtc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_for() {  # url, name
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$2 did not start; its log:" >&2
  tail -20 "$work/$2.log" >&2
  return 1
}

# The release server and the ceiling app on one database, like start_built_server (tools.sh)
# but for either database and with our own clean-up. Warnings are kept: lock errors show there.
start_apps() {  # name, DATABASE_URL (empty: SQLite in the data directory), data directory
  local name="$1" url="$2" dir="$3" port
  port="$(free_port)"
  DATA_DIR="$dir" DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" \
    LEPTOS_OUTPUT_NAME=yijian LEPTOS_ENV=PROD RUST_LOG=warn NO_COLOR=1 "$server_bin" >"$work/server-$name.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for "$base/healthz" "server-$name"
  # After the server: it creates the SQLite file and runs the migrations.
  port="$(free_port)"
  DATA_DIR="$dir" DATABASE_URL="$url" "$ceiling_bin" "127.0.0.1:$port" >"$work/ceiling-$name.log" 2>&1 &
  ceiling_pid=$!
  ceiling="http://127.0.0.1:$port"
  wait_for "$ceiling/bare" "ceiling-$name"
}

# What wrk printed, as fields: req/s, p50, p99, transport errors + non-2xx/3xx.
wrk_fields() {
  local out="$1" rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  echo "$rps $p50 $p99 $bad"
}

# Runs submit.lua over a drafts file; sets sub_rps sub_p50 sub_p99 sub_errors sub_accepted sub_repeated.
run_submissions() {  # seconds, drafts file
  local out
  out=$(DRAFTS="$2" wrk -t1 -c"$conns" -d"$1s" --latency -s scripts/submit.lua "$base")
  read -r sub_rps sub_p50 sub_p99 sub_bad <<<"$(wrk_fields "$out")"
  sub_accepted=$(sed -n 's/^submit: accepted=\([0-9]*\).*/\1/p' <<<"$out")
  sub_repeated=$(sed -n 's/^submit: .*repeated=\([0-9]*\).*/\1/p' <<<"$out")
  sub_errors=$(( $(sed -n 's/^submit: .*errors=\([0-9]*\).*/\1/p' <<<"$out") + sub_bad ))
  grep '^submit: first error' <<<"$out" >&2 || true
}

# Where the CPU went during a run, in cores (the machine has $(nproc)): the app under load, all
# of PostgreSQL's processes, and the whole machine (wrk, node and anything else included), from
# /proc. "1.40+0.45/1.98" reads: the app used 1.40 cores, PostgreSQL 0.45, the machine 1.98.
ticks_of() {  # pids → CPU ticks used so far
  local sum=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
cpu_now() {  # pid → "busy total app db" ticks
  local u n s i w q sq st
  read -r _ u n s i w q sq st _ </proc/stat
  # shellcheck disable=SC2046  # one pid per word
  echo "$((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st)) $(ticks_of "$1") $(ticks_of $(pgrep -x postgres || true))"
}
cpu_used() {  # pid, snapshot from cpu_now → "app+db/all" in cores
  local b0 a0 p0 d0 b1 a1 p1 d1
  read -r b0 a0 p0 d0 <<<"$2"
  read -r b1 a1 p1 d1 <<<"$(cpu_now "$1")"
  awk -v n="$(nproc)" -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v p=$((p1 - p0)) -v d=$((d1 - d0)) \
    'BEGIN { w = a / n; if (w <= 0) w = 1; printf "%.2f+%.2f/%.2f", p / w, d / w, b / w }'
}

stored() {  # name, database url → "applications parts outbox"
  local sql="SELECT (SELECT COUNT(*) FROM applications), (SELECT COUNT(*) FROM parts), (SELECT COUNT(*) FROM outbox)"
  if [ "$1" = sqlite ]; then sqlite3 "$3/yijian.db" "$sql"; else psql "$2" -qAtc "$sql"; fi | tr '|' ' '
}

checks=()
rows=()
notes=()
failed=0
row() { rows+=("$(printf '%-10s  %-34s %9s %9s %9s %7s %9s  %s' "$@")"); echo "${rows[-1]}"; }

prepare() {  # name, drafts, file: drafts made over HTTP, 16 at a time
  node scripts/prepare-drafts.mjs "$base" "$2" "$3" 16 2>&1 | tee -a "$work/prepare-$1.log"
}

bench() {  # name, DATABASE_URL
  local name="$1" url="$2"
  local dir="$work/data-$name"
  mkdir -p "$dir"
  echo "== $name"
  start_apps "$name" "$url" "$dir"

  # A first, short run on a few drafts says roughly how many the measured run needs (and warms
  # the server and its pool). A run that runs out of drafts says nothing: more, and again.
  local est_n=$((conns * 60)) est_secs=2 rate_est="" n
  for _ in 1 2 3; do
    prepare "$name" "$est_n" "$work/est.tsv"
    run_submissions "$est_secs" "$work/est.tsv"
    if [ "$sub_repeated" = 0 ]; then rate_est="$sub_rps"; break; fi
    est_n=$((est_n * 3))
  done
  [ -n "$rate_est" ] || { echo "$name: could not estimate the submission rate" >&2; return 1; }
  n=$(awk -v r="$rate_est" -v s="$secs" -v c="$conns" 'BEGIN {printf "%d", r * s * 1.5 + 2 * c + 1}')
  echo "   estimate: $rate_est submissions/s; preparing $n drafts for ${secs}s"
  prepare "$name" "$n" "$work/run.tsv"

  # The three measurements back to back, nothing else running.
  local out rps p50 p99 bad insert_rps cpu
  echo "   $(date -u +%T) measuring"
  cpu=$(cpu_now "$ceiling_pid")
  out=$(wrk -t1 -c"$conns" -d"${secs}s" --latency "$ceiling/bare")
  read -r rps p50 p99 bad <<<"$(wrk_fields "$out")"
  row "$name" "GET /bare (axum, no database)" "$rps" "$p50" "$p99" "$bad" "" "$(cpu_used "$ceiling_pid" "$cpu")"
  printf 'wrk.method = "POST"\n' >"$work/insert.lua"
  cpu=$(cpu_now "$ceiling_pid")
  out=$(wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$work/insert.lua" "$ceiling/insert")
  read -r insert_rps p50 p99 bad <<<"$(wrk_fields "$out")"
  row "$name" "POST /insert (1 row, durable)" "$insert_rps" "$p50" "$p99" "$bad" "100%" "$(cpu_used "$ceiling_pid" "$cpu")"
  local before after
  before=$(stored "$name" "$url" "$dir")
  cpu=$(cpu_now "$server_pid")
  local perf_pid=""
  if [ -n "${SUBMIT_PROFILE:-}" ]; then
    # The whole machine, sampled by the clock (no hardware counters here), with call graphs
    # from DWARF so release frames without frame pointers unwind.
    mkdir -p "$SUBMIT_PROFILE"
    perf record -q -a -F 499 -e cpu-clock --call-graph dwarf,16384 -o "$SUBMIT_PROFILE/$name.perf" \
      -- sleep "$secs" 2>"$work/perf-$name.log" &
    perf_pid=$!
  fi
  run_submissions "$secs" "$work/run.tsv"
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  cpu=$(cpu_used "$server_pid" "$cpu")
  sleep 1  # let what was in flight when wrk stopped finish before counting
  after=$(stored "$name" "$url" "$dir")
  local peak="$sub_rps" note=""
  [ "$sub_repeated" = 0 ] || { note=" RAN OUT OF DRAFTS ($sub_repeated repeats)"; failed=1; }
  row "$name" "submit, 3 items (peak)$note" "$sub_rps" "$sub_p50" "$sub_p99" "$sub_errors" \
    "$(awk -v s="$sub_rps" -v i="$insert_rps" 'BEGIN {printf "%.1f%%", 100 * s / i}')" "$cpu"
  echo "   $(date -u +%T) peak run done"
  check "$name" "peak run" "$before" "$after" "$sub_accepted"

  # 80% of the peak, paced, for the p99 short of saturation.
  local rate80 n80 paced
  rate80=$(awk -v r="$peak" 'BEGIN {printf "%.1f", r * 0.8}')
  n80=$(awk -v r="$rate80" -v s="$secs" 'BEGIN {printf "%d", r * s + 1}')
  prepare "$name" "$n80" "$work/paced.tsv"
  before=$(stored "$name" "$url" "$dir")
  cpu=$(cpu_now "$server_pid")
  paced=$(node scripts/paced-load.mjs "$base" "$rate80" "$secs" "$work/paced.tsv" "$conns")
  cpu=$(cpu_used "$server_pid" "$cpu")
  after=$(stored "$name" "$url" "$dir")
  grep '^paced: first error' <<<"$paced" >&2 || true
  local acc80 err80 p5080 p9980
  acc80=$(sed -n 's/^paced: .*accepted=\([0-9]*\).*/\1/p' <<<"$paced")
  err80=$(sed -n 's/^paced: .*errors=\([0-9]*\).*/\1/p' <<<"$paced")
  p5080=$(sed -n 's/^paced: .*p50=\([0-9.]*ms\).*/\1/p' <<<"$paced")
  p9980=$(sed -n 's/^paced: .*p99=\([0-9.]*ms\).*/\1/p' <<<"$paced")
  row "$name" "submit at 80% (paced, offered)" "$rate80" "$p5080" "$p9980" "$err80" \
    "$(awk -v s="$rate80" -v i="$insert_rps" 'BEGIN {printf "%.1f%%", 100 * s / i}')" "$cpu"
  echo "   $(date -u +%T) 80% run done"
  check "$name" "80% run" "$before" "$after" "$acc80"

  # What the server logged at warn or above (a lock timeout, a slow statement), less the notes
  # of a first start on a fresh database (the development key; the one-time admin password).
  local warnings
  warnings=$(grep -E '(WARN|ERROR)' "$work/server-$name.log" | grep -v -E 'first run:|no YIJIAN_DATA_KEY|no transaction in progress' || true)
  if [ -n "$warnings" ]; then
    echo "   server log: $(wc -l <<<"$warnings") warnings/errors (times as above), the first:"
    head -8 <<<"$warnings" | cut -c1-400 | sed 's/^/     /'
  fi
  # wrk stops with requests outstanding, and their futures are dropped. One dropped while its
  # BEGIN is in flight would hand a PostgreSQL connection back to the pool inside a transaction
  # (sqlx 0.9.0, transact-rs/sqlx#4393; `Db::begin` runs BEGIN in a task of its own so it cannot
  # happen): PostgreSQL would then warn "there is already a transaction in progress" at the next
  # BEGIN on it. One dropped while its COMMIT is in flight is harmless: the rollback sqlx queues
  # after it finds no transaction ("there is no transaction in progress").
  local redone leaked late
  redone=$(sed -n 's/^prepare-drafts: redone \([0-9]*\).*/\1/p' "$work/prepare-$name.log" | awk '{n += $1} END {print n + 0}')
  leaked=$(grep -c 'already a transaction in progress' "$work/server-$name.log" || true)
  late=$(grep -c 'no transaction in progress' "$work/server-$name.log" || true)
  notes+=("$(printf '%-10s %s drafts redone during preparation; %s transactions left open by a dropped request (must be 0); %s rollbacks after a commit a dropped request had sent' "$name" "$redone" "$leaked" "$late")")
  [ "$leaked" = 0 ] || failed=1
  stop_apps
}

# Applications and parts stored during a run against what the load generator saw accepted.
check() {  # name, run, before, after, accepted
  local a0 p0 o0 a1 p1 o1 verdict
  read -r a0 p0 o0 <<<"$3"
  read -r a1 p1 o1 <<<"$4"
  local apps=$((a1 - a0))
  if [ $((p1 - p0)) != $((3 * apps)) ] || [ $((o1 - o0)) != $((3 * apps)) ]; then
    verdict="MISMATCH: not 3 parts and 3 outbox rows each"
    failed=1
  elif [ "$apps" = "$5" ]; then
    verdict=ok
  elif [ "$apps" -gt "$5" ] && [ "$apps" -le $(($5 + conns)) ]; then
    # wrk stops with requests in flight; the server may still commit them after it left.
    verdict="ok: $((apps - $5)) more were in flight when the load stopped"
  else
    verdict=MISMATCH
    failed=1
  fi
  checks+=("$(printf '%-10s %-9s accepted %6s → stored %6s applications, %6s parts, %6s outbox rows (expect 3 each): %s' \
    "$1" "$2" "$5" $((a1 - a0)) $((p1 - p0)) $((o1 - o0)) "$verdict")")
  echo "${checks[-1]}"
}

# Anything else busy on the machine shows in every number: say so before starting.
idle=$(cpu_now $$)
sleep 2
busy=$(cpu_used $$ "$idle")
busy="${busy#*/}"
if awk -v b="$busy" 'BEGIN {exit !(b > 0.3)}'; then
  echo "note: the machine is already busy before the benchmark ($busy of $(nproc) cores); expect lower numbers"
fi

# BENCH_DATABASES="postgres" (or "sqlite") measures one of them only.
for database in ${BENCH_DATABASES:-sqlite postgres}; do
  case "$database" in
    sqlite) bench sqlite "" ;;
    postgres)
      if psql "$pg_admin" -qAtc 'SELECT 1' >/dev/null 2>&1; then
        pg_db="yijian_bench_$$_$RANDOM"
        psql "$pg_admin" -qAtc "CREATE DATABASE $pg_db" >/dev/null
        bench postgres "${pg_admin%/*}/$pg_db"
      else
        echo "== postgres: nothing answers at $pg_admin; skipped"
      fi
      ;;
    *) echo "unknown database in BENCH_DATABASES: $database" >&2; exit 2 ;;
  esac
done

echo
echo "Durable submissions over HTTP: ${secs}s per run, $conns connections, wrk -t1 (closed loop)"
echo "and scripts/paced-load.mjs (open loop, 80% of the peak); $(nproc) cores shared by all."
printf '%-10s  %-34s %9s %9s %9s %7s %9s  %s\n' database endpoint req/s p50 p99 errors "of insert" "CPU app+db/all"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${checks[@]}"
printf '%s\n' "${notes[@]}"
exit "$failed"
