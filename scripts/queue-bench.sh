#!/usr/bin/env bash
# A department queue at a city's size, over HTTP as a reviewer gets it: 20,000 parts in one
# department (and 20,000 elsewhere), side by side with the bare axum endpoint in one run.
# Needs `wrk`, `sqlite3` and `cargo leptos build --release` first.
# Usage: scripts/queue-bench.sh [seconds per endpoint, default 10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
command -v wrk >/dev/null || as_root apt-get install -y -qq wrk >/dev/null
command -v sqlite3 >/dev/null || as_root apt-get install -y -qq sqlite3 >/dev/null
secs="${1:-10}"
start_built_server
db="$server_dir/yijian.db"

# Seed straight into the server's database: applications of one part each, half to 人社.
sqlite3 "$db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
INSERT INTO applications (number, idempotency_key, catalog_hash, items, answers, applicant_masked,
  submitted_on, due_on, created_at, channel)
SELECT printf('YJ-20261101-B%09d', i), printf('bench-key-%09d', i),
  (SELECT hash FROM catalog_versions LIMIT 1), '[]', '{}', '张*',
  date('2026-11-01', '+' || (i % 27) || ' days'), date('2026-11-20', '+' || (i % 40) || ' days'), i, 'online'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
INSERT INTO parts (id, application_number, position, department_id, item_id, fields, materials,
  status, due_on, updated_at, committed_days, depends_on)
SELECT printf('YJ-20261101-B%09d-1', i), printf('YJ-20261101-B%09d', i), 1,
  CASE WHEN i % 2 = 0 THEN 'hrss' ELSE 'police' END,
  CASE WHEN i % 2 = 0 THEN 'unemployment_benefit' ELSE 'birth_registration' END,
  '{}', '[]',
  CASE i % 5 WHEN 0 THEN 'approved' WHEN 1 THEN 'accepted' WHEN 2 THEN 'correction_requested' ELSE 'submitted' END,
  date('2026-11-20', '+' || (i % 40) || ' days'), i, 5, '[]'
FROM n;
SQL

# A reviewer of 人社, signed in through the form like anyone else.
user="bench$RANDOM"
DATA_DIR="$server_dir" DATABASE_URL= YIJIAN_STAFF_PASSWORD='a long benchmark password' RUST_LOG=error \
  "$CARGO_TARGET_DIR/release/server" staff add --username "$user" --name 基准 --role reviewer --department hrss >/dev/null
cookie=$(curl -s -o /dev/null -D - -H "Origin: $base" \
  --data-urlencode "username=$user" --data-urlencode 'password=a long benchmark password' --data-urlencode 'next=/staff' \
  "$base/staff/sign-in" | awk -F'[:;] *' 'tolower($1)=="set-cookie" {print $2; exit}')
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
curl -fs -o /dev/null -H "Cookie: $cookie" "$base/departments/hrss" || { echo "queue did not open" >&2; exit 1; }

printf 'endpoint (20,000 parts in the department)\treq/s\tp50\tp99\n'
for path in /healthz /departments/hrss "/departments/hrss?page=200" "/departments/hrss?status=accepted&page=40" \
            "/departments/hrss?item=unemployment_benefit"; do
  out=$(wrk -t1 -c16 -d"${secs}s" --latency -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$path" "$rps" "$p50" "$p99"
done
