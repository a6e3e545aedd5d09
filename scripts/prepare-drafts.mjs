#!/usr/bin/env node
// Makes N drafts that are ready to submit, over HTTP exactly as a browser without JavaScript
// leaves them: each in an anonymous session of its own (a new browser: no cookie on the first
// post, the server answers with `yj_session`), the answers saved (step 1), every required
// document uploaded (step 2). Writes one line per draft, `cookie<TAB>draft`, for
// scripts/submit.lua and scripts/paced-load.mjs (scripts/submit-bench.sh drives all three).
//
// Usage: node scripts/prepare-drafts.mjs BASE_URL N OUT_FILE [concurrency, default 16]
//
// Node 20, built-in fetch and FormData only: no npm packages.

import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';

const [base, countArg, out, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg ?? 16);
if (!base || !out || !Number.isInteger(count) || count < 1 || !(concurrency >= 1)) {
  console.error('usage: node scripts/prepare-drafts.mjs BASE_URL N OUT_FILE [concurrency]');
  process.exit(2);
}

// Three items of the work-injury set. The product's own example (rehabilitation + assistive
// devices + unemployment benefit) is refused for an anonymous applicant: rehabilitation and
// devices need a work-injury determination, held as an e-certificate (only by a signed-in
// person) or applied for in the same bundle, and devices also a work-capacity appraisal. So the
// bundle applies for the determination alongside rehabilitation and the benefit: three items,
// none exempt, answers the integration tests prove valid (`work_injury_answers()` in
// server/tests/helpers/mod.rs), five documents.
const ITEMS = ['work_injury_determination', 'work_injury_rehab', 'unemployment_benefit'];
const ANSWERS = {
  name: '张三丰',
  id_number: '11010519491231002X',
  phone: '13800138000',
  address: '广东省中山市东区中山四路1号',
  employer_name: '中山市某某制造有限公司',
  employer_credit_code: '91350100M000100Y43',
  injury_date: '2026-01-05',
  injury_place: '车间二号线',
  injury_description: '操作冲压机时右手被模具压伤，当日由同事送中山市人民医院急诊救治。',
  treating_hospital: '中山市人民医院',
  rehab_institution: '中山市工伤康复中心',
  device_type: 'prosthesis',
  last_work_date: '2026-01-31',
  unemployment_reason: 'dismissed',
  bank_name: '中国工商银行中山分行',
  bank_account: '4111111111111111',
};

// The documents to upload, from the catalog the server compiles in: each item's required
// materials, less what another item of the bundle produces. (An anonymous applicant holds no
// e-certificates.) If the engine wants something else, the upload is not answered with the
// review page and this script says so.
const catalog = JSON.parse(readFileSync(new URL('../catalog/catalog.json', import.meta.url), 'utf8'));
const chosen = catalog.items.filter((item) => ITEMS.includes(item.id));
const produced = new Set(chosen.flatMap((item) => item.produces ?? []));
const MATERIALS = [...new Set(chosen.flatMap((item) => item.materials)
  .filter((m) => m.required !== false && !produced.has(m.key))
  .map((m) => m.key))];

// A real PNG (1×1 grey pixel) with a text chunk naming the draft and document, so every file
// is distinct, as real scans are (the server stores a file once per SHA-256).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(label) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\0${label}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))), // filter byte, one pixel
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// postcard, as `save_answers` replies: an unsigned LEB128 variant index, then for `Saved` the
// draft handle as a length-prefixed UTF-8 string. Variants in `SubmitOutcome`'s order
// (app/src/api/types.rs): Accepted = 0, Saved = 1, Invalid = 2.
function varint(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error('truncated postcard');
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
    shift += 7;
  }
}
function savedDraft(bytes) {
  const [variant, at] = varint(bytes, 0);
  if (variant !== 1) {
    // Invalid: its messages are in the bytes as UTF-8; show them as they are.
    throw new Error(`answers not saved (variant ${variant}): ${Buffer.from(bytes).toString('utf8')}`);
  }
  const [length, start] = varint(bytes, at);
  return Buffer.from(bytes.subarray(start, start + length)).toString('utf8');
}

// The server refuses state-changing requests from another site; a browser's same-origin post
// carries this Origin.
const origin = new URL(base).origin;

async function prepareOne(index) {
  // Step 1, as the form posts it (URL-encoded), with no cookie: the server opens a session.
  const form = new URLSearchParams({ items: ITEMS.join(','), intent: 'continue' });
  for (const [key, value] of Object.entries(ANSWERS)) form.append(`answers[${key}]`, value);
  const saved = await fetch(`${base}/api/save_answers`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Origin: origin,
      Accept: 'application/x-postcard',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: form,
  });
  const reply = new Uint8Array(await saved.arrayBuffer());
  if (saved.status !== 200) {
    throw new Error(`save_answers: status ${saved.status}: ${Buffer.from(reply).toString('utf8')}`);
  }
  const session = saved.headers.getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?yj_session=./.test(c));
  if (!session) throw new Error('save_answers gave no session cookie');
  const draft = savedDraft(reply);

  // Step 2, the materials page's multipart form: the draft first, then one file per document.
  const files = new FormData();
  files.append('draft', draft);
  files.append('intent', 'continue');
  const tag = `${index}-${randomBytes(6).toString('hex')}`;
  for (const material of MATERIALS) {
    files.append(`material:${material}`, new Blob([png(`${material} ${tag}`)], { type: 'image/png' }), `${material}.png`);
  }
  const uploaded = await fetch(`${base}/apply/materials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, Cookie: session },
    body: files,
  });
  await uploaded.arrayBuffer();
  const next = uploaded.headers.get('location') ?? '';
  if (uploaded.status !== 303 || !next.startsWith('/apply/review?draft=')) {
    throw new Error(`upload: status ${uploaded.status}, sent to ${next || 'nowhere'} (documents sent: ${MATERIALS.join(', ')})`);
  }
  return `${session}\t${draft}`;
}

const lines = new Array(count);
let next = 0;
let done = 0;
let failure = null;
// A draft that fails is made again from the start, in a new session, up to twice: on
// PostgreSQL a request cancelled while its BEGIN was in flight (as when a load generator stops
// with requests outstanding) can hand a pooled connection back inside a transaction, and the
// next writes on it (a new session, a draft) may be rolled back with someone else's error
// (sqlx 0.9.0; transact-rs/sqlx#4393). Redone drafts are counted and reported, never hidden.
let redone = 0;
let firstRedo = '';
const started = performance.now();
async function worker() {
  while (!failure && next < count) {
    const index = next++;
    for (let attempt = 1; ; attempt++) {
      try {
        lines[index] = await prepareOne(index);
        break;
      } catch (e) {
        if (attempt === 3) {
          failure ??= e;
          return;
        }
        redone++;
        firstRedo ||= e.message;
      }
    }
    done++;
    if (done % Math.max(1, Math.floor(count / 4)) === 0 && done < count) {
      process.stderr.write(`  prepared ${done}/${count}\n`);
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
if (redone) {
  process.stderr.write(`prepare-drafts: redone ${redone} drafts after an error; the first: ${firstRedo}\n`);
}
if (failure) {
  console.error(`prepare-drafts: stopped after ${done} drafts: ${failure.message}`);
  process.exit(1);
}
writeFileSync(out, lines.join('\n') + '\n');
const seconds = (performance.now() - started) / 1000;
process.stderr.write(`  prepared ${count} drafts (${MATERIALS.length} documents each) in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s)\n`);
