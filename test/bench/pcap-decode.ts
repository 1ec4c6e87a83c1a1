// Pcap decode throughput vs `tcpdump -nr FILE | wc -l`, and peak RSS: `node --import tsx test/bench/pcap-decode.ts [packets...]`.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { writeSynthCapture } from '../../src-main/pcap/synth-capture.ts';
import { decodeCaptureToFlows } from '../../src-main/pcap/pcap-import.ts';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000_000, 3_000_000];
// tcpdump's pass grows faster than linearly on many-flow files (1M packets ≈ 2 min): BENCH_TCPDUMP_MAX skips it above N.
const tcpdumpMax = Number(process.env.BENCH_TCPDUMP_MAX ?? Infinity);
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

for (const packets of sizes) {
  const flows = Math.round(packets / 20);
  const file = `/tmp/fwlens-bench-${packets}.pcap`;
  if (!existsSync(file)) {
    const t = performance.now();
    await writeSynthCapture(file, { packets, flows });
    console.log(`generated ${file} (${mb(statSync(file).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  let flowCount = 0;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 50);
  const t0 = performance.now();
  const summary = await decodeCaptureToFlows(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    () => void flowCount++,
    () => {},
    (p) => console.log('problem', p),
  );
  const ours = (performance.now() - t0) / 1000;
  clearInterval(sample);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  console.log(
    `${packets} packets: decode ${ours.toFixed(2)} s (${Math.round(summary.packets / ours / 1000)} kpkt/s), ` +
      `${summary.decoded} decoded, ${flowCount} flows, sampled peak heap ${mb(peakHeap)}, sampled peak RSS ${mb(peakRss)}, ` +
      `process maxRSS so far ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  if (packets > tcpdumpMax) {
    console.log(`  tcpdump pass skipped (BENCH_TCPDUMP_MAX=${tcpdumpMax})`);
    continue;
  }
  const t1 = performance.now();
  const td = spawnSync('sh', ['-c', `tcpdump -nr '${file}' 2>/dev/null | wc -l`], { encoding: 'utf8' });
  const theirs = (performance.now() - t1) / 1000;
  if (td.status !== 0 || td.stdout.trim() === '0') console.log('tcpdump pass unavailable:', td.stderr || td.stdout);
  else
    console.log(
      `  tcpdump -nr | wc -l: ${theirs.toFixed(2)} s (${td.stdout.trim()} lines); ratio ours/tcpdump = ${(ours / theirs).toFixed(2)}`,
    );
}
