import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { addStaff, signInAsDemo, signInStaff } from './helpers';

// What the server sends, byte for byte: every built file precompressed at build time (never
// compressed per request) and cacheable for a year under a name that carries its content's hash;
// every page and reply that may hold personal data never stored by a browser or a proxy.

const SITE = path.resolve(__dirname, '..', '..', 'target', 'site');
const PKG = path.join(SITE, 'pkg');
const YEAR = 'public, max-age=31536000, immutable';

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One GET as a client that asks for exactly `encoding`, with the body as it came over the wire. */
function get(baseURL: string, urlPath: string, encoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseURL}${urlPath}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

/** The files cargo-leptos built, without their precompressed copies. */
function builtFiles(): string[] {
  return fs
    .readdirSync(PKG)
    .filter((f) => !f.endsWith('.br') && !f.endsWith('.gz'))
    .sort();
}

test.describe('built files', () => {
  test.skip(({ isMobile }) => isMobile, 'HTTP headers do not depend on the screen');

  test('every built file is sent as compressed at build time, and cached for a year under a hashed name', async ({ baseURL }) => {
    const files = builtFiles();
    // The main module, its wasm, the stylesheet and the split islands' chunks at least.
    expect(files.filter((f) => f.endsWith('.wasm')).length).toBeGreaterThan(1);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    for (const file of files) {
      const onDisk = path.join(PKG, file);
      // A name changes whenever the content does: the hash (cargo-leptos: base64url of MD5) is in
      // the name, or the name is itself a hash of the content (the split chunks).
      expect(file, `${file} carries no content hash`).toMatch(/[.\-_][A-Za-z0-9_-]{16,}\.[a-z]+$|^[0-9a-f]{16,}\.wasm$/);
      for (const [asked, encoding, suffix] of [
        ['br, gzip', 'br', '.br'],
        ['gzip', 'gzip', '.gz'],
      ] as const) {
        const res = await get(baseURL!, `/pkg/${file}`, asked);
        expect(res.status, file).toBe(200);
        expect(res.headers['content-encoding'], `${file} asked with ${asked}`).toBe(encoding);
        expect(res.headers['cache-control'], file).toBe(YEAR);
        expect(res.headers['vary'], file).toMatch(/accept-encoding/i);
        // Exactly the bytes compressed at build time: nothing was compressed for this request.
        expect(res.body.equals(fs.readFileSync(onDisk + suffix)), `${file} (${encoding}) differs from ${file}${suffix}`).toBe(true);
      }
      const plain = await get(baseURL!, `/pkg/${file}`, 'identity');
      expect(plain.headers['content-encoding'], file).toBeUndefined();
      expect(plain.body.equals(fs.readFileSync(onDisk)), file).toBe(true);
    }
  });

  test('both copies are at their best level: brotli 11 and gzip 9 make nothing smaller', async ({ baseURL }) => {
    const zlib = await import('zlib');
    for (const file of builtFiles()) {
      const plain = fs.readFileSync(path.join(PKG, file));
      const br = await get(baseURL!, `/pkg/${file}`, 'br');
      const bestBr = zlib.brotliCompressSync(plain, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
      });
      // Within 1% of the best (window sizes differ slightly between encoders).
      expect(br.body.length, `${file}: served ${br.body.length} B, brotli 11 gives ${bestBr.length} B`).toBeLessThanOrEqual(
        Math.ceil(bestBr.length * 1.01),
      );
      const gz = await get(baseURL!, `/pkg/${file}`, 'gzip');
      const bestGz = zlib.gzipSync(plain, { level: 9 });
      expect(gz.body.length, `${file}: served ${gz.body.length} B, gzip 9 gives ${bestGz.length} B`).toBeLessThanOrEqual(
        Math.ceil(bestGz.length * 1.01),
      );
    }
  });

  test('a name that was never built is not cached, so a later build can use it', async ({ baseURL }) => {
    const res = await get(baseURL!, '/pkg/nothing-here.0000000000000000000000.js', 'br');
    expect(res.status).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('the page links only built files that exist, by their hashed names', async ({ baseURL }) => {
    const page = await get(baseURL!, '/', 'identity');
    const html = page.body.toString('utf8');
    const linked = [...html.matchAll(/(?:href|src|import\()\s*=?\s*["'`]?\/pkg\/([^"'`)\s]+)/g)].map((m) => m[1]);
    expect(linked.length, 'the home page links its stylesheet, module and wasm').toBeGreaterThanOrEqual(3);
    const files = builtFiles();
    for (const name of linked) expect(files, `the page links /pkg/${name}, which was not built`).toContain(name);
  });

  test('the main module, its wasm and the split loader are named together, after what they hold', async ({ baseURL }) => {
    // They refer to each other, and the loader cargo-leptos writes differs from build to build:
    // scripts/build-site.sh names the three after one hash of all three and rewrites their
    // references, so a browser's year-long copy of one never meets another build's partner.
    const html = (await get(baseURL!, '/', 'identity')).body.toString('utf8');
    const main = [...html.matchAll(/\/pkg\/yijian\.([0-9a-f]{22})\.(js|wasm)/g)];
    expect(main.map((m) => m[2]).sort()).toEqual(['js', 'wasm']);
    const hash = main[0][1];
    expect(main[1][1]).toBe(hash);
    const js = (await get(baseURL!, `/pkg/yijian.${hash}.js`, 'identity')).body.toString('utf8');
    const loaders = new Set([...js.matchAll(/__wasm_split\.([A-Za-z0-9_-]+)\.js/g)].map((m) => m[1]));
    expect([...loaders]).toEqual([hash]);
    const loader = await get(baseURL!, `/pkg/__wasm_split.${hash}.js`, 'identity');
    expect(loader.status).toBe(200);
    const back = new Set([...loader.body.toString('utf8').matchAll(/yijian\.([A-Za-z0-9_-]+)\.js/g)].map((m) => m[1]));
    expect([...back]).toEqual([hash]);
    const wasm = (await get(baseURL!, `/pkg/yijian.${hash}.wasm`, 'identity')).body.toString('latin1');
    expect(wasm).toContain(`__wasm_split.${hash}.js`);
  });
});

test.describe('pages rendered per request', () => {
  test.skip(({ isMobile }) => isMobile, 'HTTP headers do not depend on the screen');

  test('a page is compressed for the browser that asks, and a tiny reply is not', async ({ baseURL }) => {
    const home = await get(baseURL!, '/', 'br, gzip');
    expect(home.headers['content-encoding']).toBe('br');
    const gz = await get(baseURL!, '/', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    // Whoever asks, a cache must keep the plain and compressed pages apart.
    const plain = await get(baseURL!, '/', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(home.headers['vary']).toMatch(/accept-encoding/i);
    const tiny = await get(baseURL!, '/healthz', 'br, gzip');
    expect(tiny.body.toString()).toBe('ok');
    expect(tiny.headers['content-encoding']).toBeUndefined();
  });
});

/** Every reply from our own origin that `page` receives, with its cache policy. */
function recordReplies(page: Page, origin: string) {
  const seen: { url: string; cache: string }[] = [];
  page.on('response', async (response) => {
    if (!response.url().startsWith(origin)) return;
    seen.push({ url: response.url().slice(origin.length), cache: (await response.allHeaders())['cache-control'] ?? '' });
  });
  return seen;
}

function expectOnlyBuiltFilesCached(seen: { url: string; cache: string }[]) {
  expect(seen.length).toBeGreaterThan(3);
  for (const { url, cache } of seen) {
    if (url.startsWith('/pkg/')) expect(cache, url).toBe(YEAR);
    else if (url === '/favicon.svg') expect(cache, url).toBe('public, max-age=86400');
    // The form island's catalog slice: published catalog data, its version in the address.
    else if (url.startsWith('/form-catalog/')) expect(cache, url).toBe(YEAR);
    else expect(cache, `${url} may hold personal data and must not be stored`).toBe('no-store');
  }
}

test('nothing a signed-in citizen sees can be kept by the browser or a proxy', async ({ page, baseURL }) => {
  const seen = recordReplies(page, baseURL!);
  await signInAsDemo(page, '李明');
  await page.goto('/apply?items=work_injury_determination');
  await page.goto('/account');
  await page.goto('/');
  expectOnlyBuiltFilesCached(seen);
  expect(seen.some((r) => r.url.startsWith('/account'))).toBe(true);
});

test('nothing a reviewer sees can be kept by the browser or a proxy', async ({ page, baseURL }) => {
  const reviewer = addStaff('reviewer', 'hrss');
  const seen = recordReplies(page, baseURL!);
  await signInStaff(page, reviewer);
  await page.goto('/staff');
  expectOnlyBuiltFilesCached(seen);
});
