// `npm run bench:rules`: the rules jobs on the 1,000,000-event case of bench:ui, through the service as
// browser mode calls them. For each: its time, the longest the event loop was held meanwhile (a timer
// every 10 ms), and how long a `SELECT 1` sent during the job waited. The baseline, in the same run, is
// the same block list aggregated on the event loop (buildTargets inline), the way it ran before
// (with this version's aggregation, which is no longer quadratic: the old one took about 4 minutes here).
import { FwlensService } from '../../src-main/app/service.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { collectSources } from '../../src-main/rules/collect-sources.ts';
import { buildTargets } from '../../src-main/rules/targets.ts';
import { render } from '../../src-main/rules/render.ts';
import { BENCH_DIR, printRows, uiCase } from './bench-util.ts';

const casePath = await uiCase();
const ASNS = 173;

let maxLag = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  maxLag = Math.max(maxLag, now - last - 10);
  last = now;
}, 10);

async function measure<T>(during: () => Promise<unknown>, job: () => Promise<T>): Promise<{ ms: number; lag: number; probe: number; value: T }> {
  await new Promise((r) => setTimeout(r, 50));
  maxLag = 0;
  const t = performance.now();
  const running = job();
  // The probe is sent once the job is under way (after 200 ms), as a user's next click would be.
  // Timed from when it was due, so a held event loop counts against it.
  await new Promise((r) => setTimeout(r, 200));
  await during();
  const probe = performance.now() - (t + 200);
  const value = await running;
  // Timers fire only after the job gives the loop back: wait for them before reading the longest hold.
  await new Promise((r) => setTimeout(r, 50));
  return { ms: performance.now() - t, lag: maxLag, probe, value };
}

const db = await CaseDb.open(casePath, { readOnly: true });
const targets = (await db.all(`SELECT 'AS' || asn AS a FROM asn_ranges GROUP BY asn ORDER BY count(*) DESC, asn LIMIT ${ASNS}`)).map((r) => String(r.a));
const { sources } = await collectSources(db, targets);
db.close();

const svc = new FwlensService({ shell: 'browser', dataDir: BENCH_DIR });
await svc.open(casePath);
const probe = () => svc.runQuery({ sql: 'SELECT 1' });
// Baseline: aggregate and write on the event loop (the sources already read), as before the worker.
const base = await measure(probe, async () => {
  await new Promise((r) => setTimeout(r, 100));
  const t = buildTargets(sources);
  return render('nft', t, { direction: 'inbound', reject: false, log: false, now: 0 }).script.length;
});
const block = await measure(probe, () => svc.blockScript({ targets, format: 'nft', direction: 'inbound', port: null, proto: null, reject: false, log: false, expireSeconds: null, includeInternal: false }));
const allowBig = await measure(probe, () => svc.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: false }));
const allowAny = await measure(probe, () => svc.allowScript({ format: 'nft', group: 'any', dest: 'any', acceptedOnly: false }));
const replay = await measure(probe, () => svc.replayRuleset({ source: 'text', text: '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n', hook: 'input', table: null }));
svc.close();
clearInterval(timer);

const outcome = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const row = (m: { ms: number; lag: number; probe: number }) => `${(m.ms / 1000).toFixed(1)} s; event loop held at most ${m.lag.toFixed(0)} ms; SELECT 1 during it: ${m.probe.toFixed(0)} ms`;
const blockValue = block.value as { ok: boolean; value?: { blocks4: number; blocks6: number } };
printRows([
  ['case', casePath],
  [`block script, ${ASNS} ASNs (baseline: on the event loop)`, row(base)],
  [`block script, ${ASNS} ASNs (worker)`, `${row(block)}; ${outcome(blockValue)}, ${blockValue.value?.blocks4 ?? 0} IPv4 + ${blockValue.value?.blocks6 ?? 0} IPv6 blocks`],
  ['  ratio of the longest hold, worker / baseline', (block.lag / base.lag).toFixed(3)],
  ['allow-list, each host → each address', `${row(allowBig)}; ${outcome(allowBig.value as never)}`],
  ['allow-list, any → any', `${row(allowAny)}; ${outcome(allowAny.value as never)}`],
  ['replay, 1-rule iptables-save', `${row(replay)}; ${outcome(replay.value as never)}`],
  ['peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`],
]);
