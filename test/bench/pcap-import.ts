// `npm run bench:pcap`: fwlens import of a generated 1,000,000-packet capture against
// `tcpdump -nr FILE | wc -l` on the same file, and peak RSS at 1M and 3M packets.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeSynthCapture } from '../../src-main/pcap/synth-capture.ts';
import { BENCH_DIR, printRows, timeImport, timeShell } from './bench-util.ts';

if (spawnSync('tcpdump', ['--version']).status !== 0) {
  console.error('bench:pcap needs tcpdump (apt-get install tcpdump)');
  process.exit(1);
}

async function capture(packets: number): Promise<string> {
  const f = join(BENCH_DIR, `capture-${packets}.pcap`);
  if (!existsSync(f)) await writeSynthCapture(f, { packets, flows: Math.round(packets / 20), seed: 7 });
  return f;
}

const c1 = await capture(1_000_000);
const c3 = await capture(3_000_000);
console.log(`generated: ${c1} (${(statSync(c1).size / 1048576).toFixed(0)} MB), ${c3} (${(statSync(c3).size / 1048576).toFixed(0)} MB)`);
const imp1 = timeImport(c1);
const imp3 = timeImport(c3);
console.log(imp1.out);
const dump = timeShell(`tcpdump -nr ${c1} 2>/dev/null | wc -l > /dev/null`);
printRows([
  ['tcpdump -nr FILE | wc -l, 1M packets', `${dump.toFixed(2)} s`],
  ['fwlens import, 1M packets (incl. process start)', `${imp1.secs.toFixed(2)} s = ${(imp1.secs / dump).toFixed(3)}x the tcpdump pass (target <= 2x)`],
  ['fwlens import, 3M packets', `${imp3.secs.toFixed(2)} s`],
  ['peak RSS, 1M packets', `${imp1.rssMB.toFixed(0)} MB`],
  ['peak RSS, 3M packets', `${imp3.rssMB.toFixed(0)} MB = ${(imp3.rssMB / imp1.rssMB).toFixed(2)}x the 1M figure`],
]);
