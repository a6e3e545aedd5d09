// What a phone receives for a page, as the server sends it: Chromium (phone-sized) opens the page
// and waits until every island runs, which says which files the page really loads (the lazy
// island chunks included); each is then fetched again over HTTP asking for `br, gzip` as a phone's
// browser does over HTTPS, and the body bytes as they arrive are counted (the server's own
// compression or its build-time copies — whatever it chose). Headers are left out.
//
// Usage: node scripts/size.mjs BASE_URL   (scripts/size.sh starts the server and calls this)
import { chromium } from '@playwright/test';
import http from 'node:http';

const base = process.argv[2];
const pages = [
  ['first page', '/'],
  ['form page, arriving directly', '/apply?items=work_injury_rehab&items=assistive_devices&items=unemployment_benefit'],
];
// The budgets, as served with brotli.
const budgets = { 'first page': 150_000, 'form page, arriving directly': 200_000, 'HTML + CSS': 20_000 };

function served(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () =>
          resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'none', cache: res.headers['cache-control'] ?? '' }),
        );
      })
      .on('error', reject);
  });
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
let failed = false;
console.log('page\tfile\tencoding\tbytes as served\tcache-control');
for (const [name, path] of pages) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const urls = [];
  page.on('request', (r) => {
    if (r.url().startsWith(base)) urls.push(r.url());
  });
  await page.goto(base + path);
  await page.waitForFunction(
    () => window.__yijian_hydrated === true && (window.__yijian_islands_live ?? 0) >= document.querySelectorAll('leptos-island').length,
    null,
    { timeout: 30_000 },
  );
  await page.waitForLoadState('networkidle');
  await context.close();
  let total = 0;
  let beforeWasm = 0;
  for (const url of [...new Set(urls)]) {
    const r = await served(url);
    const short = url.slice(base.length).replace(/^\/pkg\//, '');
    console.log(`${name}\t${short}\t${r.encoding}\t${r.bytes}\t${r.cache}`);
    total += r.bytes;
    if (url === base + path || url.endsWith('.css')) beforeWasm += r.bytes;
  }
  const line = (what, bytes, budget) => {
    const ok = bytes <= budget;
    failed ||= !ok;
    console.log(`${name}\t${what}\t\t${bytes}\t${ok ? 'within' : 'OVER'} budget ${budget}`);
  };
  line('HTML + CSS (before any script)', beforeWasm, budgets['HTML + CSS']);
  line('total', total, budgets[name]);
}
await browser.close();
process.exitCode = failed ? 1 : 0;
