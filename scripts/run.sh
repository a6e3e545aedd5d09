#!/usr/bin/env bash
# The first command: install what is missing, build the site as it is served, then serve the app
# on http://127.0.0.1:3000 with SQLite (created under data/ on first run). Set
# DATABASE_URL=postgres://… to use PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
source scripts/build-site.sh
echo "== serving on http://127.0.0.1:3000"
LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD \
  exec "$CARGO_TARGET_DIR/release/server"
