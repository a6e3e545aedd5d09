import { defineConfig, devices } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The server under test: the release binary built by `cargo leptos build --release`, on its own
// port with a fresh SQLite database, so a leftover server can never answer for it.
const root = path.resolve(__dirname, '..');
// The config is evaluated again in every worker: choose once, hand it down through the environment.
process.env.E2E_PORT ??= String(3100 + Math.floor(Math.random() * 800));
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'yijian-e2e-'));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR;
const serverBin =
  process.env.SERVER_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'release', 'server');

// The synthetic city-scale catalog (3,900 items; `scripts/test.sh` writes it with
// `cargo run -p server --example city_catalog`): when given, a second server runs on it for
// the `city` project's tests.
const cityCatalog = process.env.CITY_CATALOG;
process.env.E2E_CITY_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'yijian-e2e-city-'));
const cityURL = `http://127.0.0.1:${port + 1}`;
const city = /city\.spec\.ts/;

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: chromium,
    screenshot: 'on',
    trace: 'retain-on-failure',
    locale: 'zh-CN',
  },
  projects: [
    {
      name: 'phone',
      testIgnore: city,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    { name: 'desktop', testIgnore: city, use: { viewport: { width: 1280, height: 900 } } },
    ...(cityCatalog
      ? [{
          name: 'city',
          testMatch: city,
          use: { baseURL: cityURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
        }]
      : []),
  ],
  webServer: [{
    command: serverBin,
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_ENV: 'PROD',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      RUST_LOG: 'warn',
      // Deliveries to a department's system are retried quickly and given up on after two
      // attempts, so the dead-letter test sees one within seconds.
      YIJIAN_DISPATCH_POLL_MS: '100',
      YIJIAN_DISPATCH_RETRY_BASE_MS: '100',
      YIJIAN_DISPATCH_RETRY_MAX_MS: '200',
      YIJIAN_DISPATCH_MAX_ATTEMPTS: '2',
    },
  },
  ...(cityCatalog
    ? [{
        command: serverBin,
        cwd: root,
        url: `${cityURL}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        env: {
          LEPTOS_SITE_ADDR: `127.0.0.1:${port + 1}`,
          LEPTOS_SITE_ROOT: 'target/site',
          LEPTOS_ENV: 'PROD',
          DATA_DIR: process.env.E2E_CITY_DATA_DIR,
          DATABASE_URL: '',
          RUST_LOG: 'warn',
          YIJIAN_CATALOG: cityCatalog,
        },
      }]
    : []),
  ],
});
