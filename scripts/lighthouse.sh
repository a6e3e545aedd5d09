#!/usr/bin/env bash
# Lighthouse (npm, pinned 12.2.3: 13 wants Node 22) driving Debian's Chromium on the home page and
# a form page opened directly: its default mobile profile (a mid-range phone, simulated slow 4G,
# 4x CPU slowdown). Prints performance and accessibility scores and the timings behind them.
# Usage: scripts/lighthouse.sh   (after `bash scripts/build-site.sh`, which `make test` runs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
need_chromium
start_built_server
work="$server_dir"
printf 'page\tperformance\taccessibility\tFCP\tLCP\tTBT\tCLS\tSpeed Index\n'
for path in / "/apply?items=work_injury_rehab&items=assistive_devices&items=unemployment_benefit"; do
  CHROME_PATH=/usr/bin/chromium npx -y lighthouse@12.2.3 "$base$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility --output=json --output-path="$work/lh.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const a = (id) => r.audits[id].displayValue.replace(/\s/g, " ");
    console.log([process.argv[2], Math.round(r.categories.performance.score * 100),
      Math.round(r.categories.accessibility.score * 100), a("first-contentful-paint"),
      a("largest-contentful-paint"), a("total-blocking-time"), a("cumulative-layout-shift"),
      a("speed-index")].join("\t"));' "$work/lh.json" "$path"
done
