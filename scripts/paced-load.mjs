#!/usr/bin/env node
// An open-loop load generator at a fixed rate, for latency at a given load: wrk keeps each
// connection busy (closed loop), so it can only measure the peak; wrk2 paces, but Debian does
// not ship it. Request i is due at start + i/rate whatever happened to the ones before it, and
// its latency is counted from that due time (not from when a free connection finally sent it),
// so a server that falls behind shows it in the percentiles (no coordinated omission).
//
// Submits prepared drafts (scripts/prepare-drafts.mjs), each once, as scripts/submit.lua does.
// Usage: node scripts/paced-load.mjs BASE_URL RATE_PER_S SECONDS DRAFTS_FILE [connections, 16]
// Prints one line: paced: rate=… sent=… accepted=… errors=… p50=…ms p99=…ms max=…ms
//
// Node 20 only (node:http with a keep-alive agent: lighter than fetch at a few hundred per s).

import http from 'node:http';
import { readFileSync } from 'node:fs';

const [base, rateArg, secondsArg, draftsPath, connsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const conns = Number(connsArg ?? 16);
if (!base || !draftsPath || !(rate > 0) || !(seconds > 0) || !(conns >= 1)) {
  console.error('usage: node scripts/paced-load.mjs BASE_URL RATE SECONDS DRAFTS_FILE [connections]');
  process.exit(2);
}
const drafts = readFileSync(draftsPath, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [cookie, token] = line.split('\t');
  return { cookie, token };
});
const total = Math.floor(rate * seconds);
if (drafts.length < total) {
  console.error(`paced-load: ${total} submissions planned, only ${drafts.length} drafts`);
  process.exit(1);
}

const url = new URL(base);
// At most `conns` requests in flight, as wrk's -c: the rest wait for a connection, and that
// wait is part of their latency.
const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
const latencies = [];
let accepted = 0;
let errors = 0;
let firstError = '';
let finished = 0;

function submit(i, due) {
  // The key is the draft's own random handle, as in submit.lua: unique per draft, [A-Za-z0-9-].
  const key = `bench-${drafts[i].token.replace(/[^A-Za-z0-9]/g, '-').slice(0, 58)}`;
  const body = new URLSearchParams({ draft: drafts[i].token, idempotency_key: key }).toString();
  const request = http.request({
    agent,
    host: url.hostname,
    port: url.port,
    path: '/api/submit_application',
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
      Accept: 'application/json',
      Origin: url.origin,
      Cookie: drafts[i].cookie,
    },
  }, (response) => {
    const chunks = [];
    response.on('data', (c) => chunks.push(c));
    response.on('end', () => {
      latencies.push(performance.now() - due);
      const text = Buffer.concat(chunks).toString('utf8');
      // {"Accepted":{"number":…}} when stored; a refusal is {"Invalid":…} with status 200.
      if (response.statusCode < 400 && text.includes('"Accepted"')) {
        accepted++;
      } else {
        errors++;
        firstError ||= `${response.statusCode} ${text.slice(0, 300)}`;
      }
      finished++;
    });
  });
  request.on('error', (e) => {
    errors++;
    firstError ||= e.message;
    finished++;
  });
  request.end(body);
}

const start = performance.now();
const interval = 1000 / rate;
let sent = 0;
// Sends whatever has come due, then sleeps about a millisecond; timers are coarse, so several
// may go at once, each still timed from its own due time.
while (sent < total) {
  const now = performance.now();
  while (sent < total && start + sent * interval <= now) {
    submit(sent, start + sent * interval);
    sent++;
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}
const sendingTook = (performance.now() - start) / 1000;
const deadline = performance.now() + 60_000;
while (finished < sent && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 5));
}
agent.destroy();
const lost = sent - finished;
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN);
const ms = (v) => `${v.toFixed(2)}ms`;
console.log(`paced: rate=${rate.toFixed(1)}/s sent=${sent} in ${sendingTook.toFixed(1)}s accepted=${accepted} errors=${errors + lost} p50=${ms(pct(50))} p99=${ms(pct(99))} max=${ms(pct(100))}`);
if (firstError) console.log(`paced: first error: ${firstError.replace(/\n/g, ' ')}`);
