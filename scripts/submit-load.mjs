// Submits prepared drafts (scripts/prepare-drafts.mjs) as fast as the servers take them, from a
// process of its own, the way a crowd of phones would: each draft once, with its own session and
// a stable idempotency key. A draft whose answer never came (the server was killed, the
// connection dropped, 5xx) is sent again with the SAME key — the server either stored it (and
// returns the same number) or did not (and stores it now) — so an application is acknowledged
// at most once and never stored twice. Used by the crash drill and the two-instance run.
//
// Usage: node scripts/submit-load.mjs --drafts FILE --bases URL[,URL…] [--concurrency 8]
//          [--out acknowledged.txt] [--give-up-after-s 300]
// Prints one JSON line: {"acknowledged":…, "refused":…, "retries":…, "unfinished":…}.
import { readFileSync, appendFileSync, writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const drafts = readFileSync(args.drafts, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t'))
  .map(([cookie, token]) => ({ cookie, token }));
const bases = args.bases.split(',');
const concurrency = Number(args.concurrency ?? 8);
const out = args.out ?? 'acknowledged.txt';
const giveUpAt = Date.now() + 1000 * Number(args['give-up-after-s'] ?? 300);
writeFileSync(out, '');

let next = 0;
let turn = 0;
const counts = { acknowledged: 0, refused: 0, retries: 0, unfinished: 0 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function submitOnce({ cookie, token }) {
  const key = `load-${token.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40)}`;
  while (Date.now() < giveUpAt) {
    const base = bases[turn++ % bases.length];
    try {
      const response = await fetch(`${base}/api/submit_application`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          Cookie: cookie,
          Origin: base,
        },
        body: new URLSearchParams({ draft: token, idempotency_key: key }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.ok) {
        const outcome = JSON.parse(text);
        if (outcome.Accepted) {
          // Written the moment it is seen: a killed drill still knows what was acknowledged.
          appendFileSync(out, `${outcome.Accepted.number}\n`);
          counts.acknowledged++;
        } else {
          counts.refused++;
          console.error(`refused: ${text.slice(0, 200)}`);
        }
        return;
      }
      if (response.status < 500) {
        counts.refused++;
        console.error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
        return;
      }
    } catch {
      // The server is down or restarting: try again with the same key.
    }
    counts.retries++;
    await sleep(100);
  }
  counts.unfinished++;
}

async function worker() {
  while (next < drafts.length) {
    const draft = drafts[next++];
    await submitOnce(draft);
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
console.log(JSON.stringify(counts));
