// Times the engine inside the browser build: loads the app in headless Chromium, fetches the
// catalog slice for a selection from the server, and calls the wasm export `engine_benchmark`.
// Usage (via scripts/wasm-bench.sh): node scripts/wasm-bench.mjs BASE_URL
import { chromium } from '@playwright/test';

const base = process.argv[2];
const selections = {
  3: ['work_injury_rehab', 'assistive_devices', 'unemployment_benefit'],
  10: ['work_injury_determination', 'work_capacity_appraisal', 'work_injury_rehab', 'assistive_devices',
       'work_injury_medical_reimbursement', 'unemployment_registration', 'unemployment_benefit',
       'social_security_card', 'vocational_training_subsidy', 'birth_medical_certificate'],
};
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage();
await page.goto(base + '/');
await page.waitForFunction(() => window.__yijian_hydrated === true, null, { timeout: 30000 });
console.log('items\tµs per compose (median of 7 runs of 200)');
for (const [n, items] of Object.entries(selections)) {
  const us = await page.evaluate(async (items) => {
    const body = items.map((id, i) => `items[${i}]=${id}`).join('&');
    const response = await fetch('/api/bundle_context', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body,
    });
    const catalog = JSON.stringify((await response.json()).catalog);
    const wasm = await import('/pkg/yijian.js');
    const rounds = 200;
    wasm.engine_benchmark(catalog, items.join(','), 20); // warm up
    const runs = [];
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      const fields = wasm.engine_benchmark(catalog, items.join(','), rounds);
      const t1 = performance.now();
      if (fields === 0) throw new Error('nothing composed');
      runs.push(((t1 - t0) * 1000) / rounds);
    }
    runs.sort((a, b) => a - b);
    return runs[3];
  }, items);
  console.log(`${n}\t${us.toFixed(1)}`);
}
await browser.close();
