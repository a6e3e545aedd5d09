// Times the engine inside the browser build: opens a form page in headless Chromium and calls
// the wasm export `engine_benchmark` on that page's form island data.
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
console.log('items\tµs per compose (median of 7 runs of 200)');
for (const [n, items] of Object.entries(selections)) {
  // The form page carries the catalog slice as the form island's packed data: the same bytes,
  // decoded by the same code, as a citizen's phone.
  await page.goto(base + '/apply?' + items.map((id) => `items=${id}`).join('&'));
  await page.waitForFunction(() => window.__yijian_hydrated === true, null, { timeout: 30000 });
  const us = await page.evaluate(async () => {
    const island = document.querySelector('leptos-island[data-component^="BundleForm"]');
    const data = JSON.parse(island.dataset.props).data;
    // The main module under its hashed name, as the page itself loads it.
    const wasm = await import(document.querySelector('link[rel=modulepreload]').href);
    const rounds = 200;
    wasm.engine_benchmark(data, 20); // warm up
    const runs = [];
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      const fields = wasm.engine_benchmark(data, rounds);
      const t1 = performance.now();
      if (fields === 0) throw new Error('nothing composed');
      runs.push(((t1 - t0) * 1000) / rounds);
    }
    runs.sort((a, b) => a - b);
    return runs[3];
  });
  console.log(`${n}\t${us.toFixed(1)}`);
}
await browser.close();
