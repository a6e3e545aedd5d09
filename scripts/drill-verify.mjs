// Checks a crash drill's or a multi-instance run's outcome against what the client saw and what
// the receiver took. Exits 1 on any loss, half-stored application, undelivered or phantom entry,
// or duplicate.
//
// A key the receiver was sent twice is "resent after a kill" when a kill fell just after its
// first delivery (the receiver had answered, the killed instance had not yet marked it
// delivered: the entry is sent again with the same key after its lease, and a receiver that
// honours the key takes it once). Any other repeat is a duplicate: a failure.
//
// Usage: node scripts/drill-verify.mjs --acked FILE --applications FILE --outbox FILE
//          --keys FILE [--kills FILE] [--window-ms 2000]
// applications: `number<TAB>items(JSON)<TAB>parts` per line; outbox: `id<TAB>delivered_at<TAB>delivered_to`.
import { readFileSync, existsSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const lines = (f) => (f && existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);
const acked = new Set(lines(args.acked));
const applications = new Map(
  lines(args.applications).map((l) => {
    const [number, items, parts] = l.split('\t');
    return [number, { items: JSON.parse(items).length, parts: Number(parts) }];
  }),
);
const outbox = lines(args.outbox).map((l) => {
  const [id, deliveredAt, to] = l.split('\t');
  return { id, delivered: deliveredAt !== '' && deliveredAt !== undefined, to };
});
const keys = JSON.parse(readFileSync(args.keys, 'utf8'));
const kills = lines(args.kills).map(Number);
const windowMs = Number(args['window-ms'] ?? 2000);

const lost = [...acked].filter((n) => !applications.has(n));
const half = [...applications].filter(([, a]) => a.parts !== a.items).map(([n]) => n);
const undelivered = outbox.filter((e) => !e.delivered).map((e) => e.id);
const toReceiver = outbox.filter((e) => e.delivered && e.to !== 'queue');
const missing = toReceiver.filter((e) => !keys[e.id]).map((e) => e.id);
const ids = new Set(outbox.map((e) => e.id));
const phantom = Object.keys(keys).filter((k) => !ids.has(k));
const repeated = Object.entries(keys).filter(([, times]) => times.length > 1);
const explained = ([, times]) =>
  times.slice(1).every((_, i) => kills.some((k) => k >= times[i] && k <= times[i] + windowMs));
const resent = repeated.filter(explained);
const duplicated = repeated.filter((r) => !explained(r));

const report = {
  acknowledged: acked.size,
  stored: applications.size,
  lost_acknowledged: lost.length,
  half_stored: half.length,
  outbox_entries: outbox.length,
  delivered_to_receiver: toReceiver.length - missing.length,
  undelivered: undelivered.length + missing.length,
  phantom: phantom.length,
  resent_after_kill: resent.length,
  duplicated: duplicated.length,
  kills: kills.length,
};
for (const [k, v] of Object.entries(report)) console.log(`${k}\t${v}`);
const failed = lost.length + half.length + undelivered.length + missing.length + phantom.length + duplicated.length;
if (failed > 0) {
  console.error('FAILED:', JSON.stringify({ lost, half, undelivered, missing, phantom, duplicated: duplicated.map(([k]) => k) }).slice(0, 2000));
  process.exit(1);
}
console.log('ok: nothing lost, nothing half-stored, every entry delivered once');
