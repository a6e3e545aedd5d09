// Checks a crash drill's or a multi-instance run's outcome against what the client saw and what
// the receiver took. Exits 1 on any loss, half-stored application, undelivered or phantom entry,
// or duplicate.
//
// A key the receiver was sent twice is "resent after a kill" only when the instance that sent
// it before was killed close to that delivery — just after (the receiver had answered, the
// instance had not yet marked it delivered) or just before (the request was on its way: the
// receiver read it from the socket after the sender died) — and another instance sent it again.
// The entry then comes back when its lease runs out, with the same key, and a receiver that
// honours the key takes it once. Any other repeat (the same instance twice, an instance that
// lived on, a kill far from the delivery) is a duplicate: a failure.
//
// Usage: node scripts/drill-verify.mjs --acked FILE --applications FILE --outbox FILE
//          --keys FILE [--kills FILE] [--window-ms 2000]
// kills: `milliseconds<TAB>pid` per kill; keys: the reference receiver's GET /keys.
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
// Instances are `<pid>-<random>`: a kill names the pid it ended.
const kills = lines(args.kills).map((l) => {
  const [at, pid] = l.split('\t');
  return { at: Number(at), pid };
});
const pidOf = (instance) => instance.split('-')[0];
const windowMs = Number(args['window-ms'] ?? 2000);

const lost = [...acked].filter((n) => !applications.has(n));
const half = [...applications].filter(([, a]) => a.parts !== a.items).map(([n]) => n);
const undelivered = outbox.filter((e) => !e.delivered).map((e) => e.id);
const toReceiver = outbox.filter((e) => e.delivered && e.to !== 'queue');
const missing = toReceiver.filter((e) => !keys[e.id]).map((e) => e.id);
const ids = new Set(outbox.map((e) => e.id));
const phantom = Object.keys(keys).filter((k) => !ids.has(k));
const repeated = Object.entries(keys).filter(([, times]) => times.length > 1);
const explained = ([, deliveries]) =>
  deliveries.slice(1).every(([, again], i) => {
    const [at, before] = deliveries[i];
    return (
      again !== before &&
      kills.some((k) => k.pid === pidOf(before) && Math.abs(k.at - at) <= windowMs)
    );
  });
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
  const repeats = duplicated.map(([key, deliveries]) => ({
    key,
    deliveries,
    kills_of_those_instances: kills.filter((k) => deliveries.some(([, i]) => pidOf(i) === k.pid)),
  }));
  console.error('FAILED:', JSON.stringify({ lost, half, undelivered, missing, phantom, duplicated: repeats }).slice(0, 4000));
  process.exit(1);
}
console.log('ok: nothing lost, nothing half-stored, every entry delivered once');
