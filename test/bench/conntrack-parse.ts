// Micro-benchmark of the conntrack text line parser: `node --import tsx test/bench/conntrack-parse.ts [count]`.

import { ConntrackRecord } from '../../src-main/conntrack/conntrack-record.ts';
import { parseConntrackLine } from '../../src-main/conntrack/conntrack-line.ts';

const COUNT = Number(process.argv[2] ?? 1_000_000);
// Distinct lines in the pool. An importer parses each line right after decoding it, while it is still in cache;
// a pool of millions of ~250-byte strings would instead time DRAM misses. Pass a second argument to try that.
const POOL = Number(process.argv[3] ?? 8192);

// `conntrack -L` shapes as in /work/shared/corpus (plain, with counters, -o id, secctx), plus UDP, ICMP and NAT.
const TEMPLATES: ((n: number) => string)[] = [
  (n) => `tcp      6 431982 ESTABLISHED src=192.168.2.100 dst=123.59.${n & 255}.117 sport=${(n * 7) & 65535} dport=993 packets=169 bytes=14322 src=123.59.${n & 255}.117 dst=192.168.2.100 sport=993 dport=${(n * 7) & 65535} packets=113 bytes=34787 [ASSURED] mark=0 secmark=0 use=1`,
  (n) => `tcp      6 431998 ESTABLISHED src=10.0.2.2 dst=10.0.2.15 sport=${n & 65535} dport=22 src=10.0.2.15 dst=10.0.2.2 sport=22 dport=${n & 65535} [ASSURED] mark=0 use=1 id=${n}`,
  (n) => `tcp      6 108 ESTABLISHED src=172.17.0.5 dst=172.17.0.${n & 255} sport=47010 dport=80 src=172.17.0.${n & 255} dst=172.17.0.5 sport=80 dport=47010 [ASSURED] mark=0 secctx=system_u:object_r:unlabeled_t:s0 use=1 id=4001098880`,
  (n) => `udp      17 29 src=192.168.2.100 dst=192.168.2.1 sport=${n & 65535} dport=53 src=192.168.2.1 dst=192.168.2.100 sport=53 dport=${n & 65535} mark=0 use=1`,
  (n) => `udp      17 30 src=10.1.0.${n & 255} dst=8.8.8.8 sport=40000 dport=53 [UNREPLIED] src=8.8.8.8 dst=203.0.113.9 sport=53 dport=${n & 65535} mark=0 use=1`,
  (n) => `icmp     1 29 src=192.168.1.2 dst=8.8.${n & 255}.8 type=8 code=0 id=${n & 65535} src=8.8.${n & 255}.8 dst=192.168.1.2 type=0 code=0 id=${n & 65535} mark=0 use=1`,
  (n) => `tcp      6 117 TIME_WAIT src=198.51.100.${n & 255} dst=203.0.113.5 sport=51000 dport=443 src=10.0.0.8 dst=198.51.100.${n & 255} sport=8443 dport=51000 [ASSURED] mark=0 use=1`,
];
const MIX = [0, 0, 1, 1, 2, 3, 3, 4, 5, 6];

// Built through a Buffer like the importer's decoded lines: flat strings, not template-literal ropes.
const lines: string[] = new Array(POOL);
for (let n = 0; n < POOL; n++) lines[n] = Buffer.from(TEMPLATES[MIX[n % MIX.length]](n)).toString('latin1');

function run(): number {
  let rejects = 0;
  for (let n = 0; n < COUNT; n++) if (parseConntrackLine(lines[n % POOL], new ConntrackRecord()) !== null) rejects++;
  return rejects;
}

run(); // warm-up: let the JIT settle before timing
const t0 = process.hrtime.bigint();
const rejects = run();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const perSec = COUNT / secs;
console.log(`${COUNT} lines (pool of ${POOL}) in ${secs.toFixed(3)} s: ${(perSec / 1e6).toFixed(2)}M lines/s, ` +
  `${((secs / COUNT) * 1e9).toFixed(0)} ns/line (including new ConntrackRecord()), rejects=${rejects}`);
