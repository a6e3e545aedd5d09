#!/usr/bin/env bash
# Installs what the app and its tests need, only when missing. Sourced by run.sh and test.sh.
# Versions are pinned: see ../shared/TOOLCHAIN.md for why these exact ones.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output is cached outside the clone so a fresh clone on the same machine rebuilds little.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yijian/target}"
mkdir -p "$CARGO_TARGET_DIR"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# rust-toolchain.toml names 1.95.0; where the machine's stable *is* 1.95.0 under another name,
# link it rather than download the same compiler again (these machines cannot download one).
if ! rustup toolchain list | grep -q '^1\.95\.0'; then
  if rustc +stable --version 2>/dev/null | grep -q ' 1\.95\.0 '; then
    rustup toolchain link 1.95.0 "$(rustc +stable --print sysroot)"
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  echo "== installing cargo-leptos 0.3.10 (about 14 minutes on 2 cores, once)"
  env -u CARGO_TARGET_DIR cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  echo "== installing wasm-bindgen-cli 0.2.130 (must equal the app's wasm-bindgen)"
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version 0.2.130
fi

# npm packages: binaryen's wasm-opt (Debian's is too old and breaks the wasm), Playwright, axe.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Starts the release server on a free port with a throw-away SQLite database; sets $base,
# $server_pid and $server_dir (a scratch directory), and cleans up when the calling script exits.
start_built_server() {
  local dir port
  dir="$(mktemp -d)"
  server_dir="$dir"
  port=$((3300 + RANDOM % 500))
  DATA_DIR="$dir" DATABASE_URL= LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" LEPTOS_ENV=PROD \
    RUST_LOG=error "$CARGO_TARGET_DIR/release/server" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "'"$dir"'"' EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "the server did not start" >&2
  return 1
}

need_chromium() {
  # (No `fc-list | grep -q`: with pipefail, grep quitting early fails the pipe.)
  if ! command -v chromium >/dev/null 2>&1 || ! command -v brotli >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "== installing Debian's Chromium, brotli and CJK fonts (Playwright never downloads a browser here)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium brotli fonts-noto-cjk >/dev/null
  fi
}
