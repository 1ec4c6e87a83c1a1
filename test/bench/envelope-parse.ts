// Throughput of the envelope splitter on representative lines (node --import tsx test/bench/envelope-parse.ts).
import { makeEnvelopeSplitter } from '../../src-main/parse/envelope.ts';

const N = 500_000;
const BODY = 'IN=eth0 OUT= MAC=90:10:35:5a:1e:3a:90:10:9e:ec:2c:71:08:00 SRC=203.0.113.36 DST=172.16.54.114 LEN=52 TOS=0x00 PREC=0x00 TTL=115 ID=15743 DF PROTO=TCP SPT=17805 DPT=445 WINDOW=8192 RES=0x00 SYN URGP=0';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (v: number): string => String(v).padStart(2, '0');

/** Lines one second apart, as a real log runs: the hour-keyed zone cache sees realistic reuse. */
function makeLines(kind: string): string[] {
  const out: string[] = [];
  const t0 = Date.UTC(2024, 2, 30, 0, 0, 0); // crosses the Europe/Berlin spring-forward night
  for (let k = 0; k < N; k++) {
    const d = new Date(t0 + k * 1000);
    const mo = d.getUTCMonth(), day = d.getUTCDate();
    const clock = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    const up = (158144 + k * 0.001).toFixed(6);
    if (kind === 'rfc3164') out.push(`${MONTHS[mo]} ${String(day).padStart(2, ' ')} ${clock} fw-01 kernel: [${up}] iptables DROP_INPUT: ${BODY}`);
    else if (kind === 'iso') out.push(`${d.getUTCFullYear()}-${p2(mo + 1)}-${p2(day)}T${clock}.${String(k % 1e6).padStart(6, '0')}+02:00 fw-01 kernel: [UFW BLOCK] ${BODY}`);
    else out.push(JSON.stringify({ MESSAGE: `[UFW BLOCK] ${BODY}`, _HOSTNAME: 'fw-01', __REALTIME_TIMESTAMP: String((t0 + k * 1000) * 1000), _SOURCE_MONOTONIC_TIMESTAMP: String(158144383443 + k) }));
  }
  // Lines cut from one buffer are flat strings, as the importer's reader produces them.
  return out.join('\n').split('\n');
}

function run(kind: string, tz: string): void {
  const lines = makeLines(kind);
  const split = makeEnvelopeSplitter({ refTimeMs: Date.UTC(2024, 11, 31), tz });
  let bad = 0, best = Infinity;
  // Three passes; the first includes JIT warm-up and zone-cache fills, the best is the steady state.
  for (let pass = 0; pass < 3; pass++) {
    bad = 0;
    const t = process.hrtime.bigint();
    for (let k = 0; k < N; k++) if (typeof split(lines[k]!) === 'string') bad++;
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  console.log(`${kind.padEnd(12)} tz=${tz.padEnd(14)} ${(N / best / 1e6).toFixed(2)}M lines/s  ${(best / N * 1e9).toFixed(0)} ns/line  rejected=${bad}`);
}

for (const [kind, tz] of [['rfc3164', 'UTC'], ['rfc3164', 'Europe/Berlin'], ['iso', 'Europe/Berlin'], ['journal-json', 'UTC']] as const) run(kind, tz);
