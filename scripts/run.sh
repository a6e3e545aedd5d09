#!/usr/bin/env bash
# The first command: install what is missing, then serve the app on http://127.0.0.1:3000 with
# SQLite (created under data/ on first run). Set DATABASE_URL=postgres://… to use PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
exec cargo leptos serve --release --split
