#!/usr/bin/env bash
# The second command: every test. Unit and property tests, integration tests against SQLite and
# (when reachable) PostgreSQL, then the browser tests in headless Debian Chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium

# PostgreSQL: use TEST_DATABASE_URL if given, else the local server when it answers.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  candidate="postgres://postgres@127.0.0.1:5432/test"
  # pg_isready when installed, else a plain connection (a fresh machine may lack the client).
  if { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; } ||
     (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export TEST_DATABASE_URL="$candidate"
  else
    echo "!! PostgreSQL not reachable at 127.0.0.1:5432: integration tests run on SQLite only"
  fi
fi
echo "== TEST_DATABASE_URL=${TEST_DATABASE_URL:-<unset>}"

echo "== cargo fmt --check, cargo clippy (server and islands' code alike, warnings are errors)"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

echo "== cargo test (unit, property, integration)"
# --show-output: the authorisation matrix (server/tests/access.rs) prints its table for the log.
cargo test --workspace -- --show-output

echo "== building the site (server + wasm, release)"
source scripts/build-site.sh

echo "== browser tests (the seed catalog, and the synthetic city-scale one on a second server)"
export SERVER_BIN="$CARGO_TARGET_DIR/release/server"
export CITY_CATALOG="$CARGO_TARGET_DIR/city-catalog.json"
cargo run -q -p server --example city_catalog > "$CITY_CATALOG"
npx playwright test -c end2end/playwright.config.ts

echo "== what a phone receives, as served, against the budgets (scripts/size.sh)"
SIZE_PEERS=0 bash scripts/size.sh
