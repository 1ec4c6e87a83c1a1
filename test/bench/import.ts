// `npm run bench:import`: fwlens import against the users' grep|sort|uniq pipeline on the same
// generated day, peak memory at 1M and 4M lines, and GROUP BY times on the imported case.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, printRows, timeImport, timeShell } from './bench-util.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';

async function day(lines: number): Promise<string> {
  const f = join(BENCH_DIR, `day-${lines}.log`);
  if (!existsSync(f)) await writeSynthDay(f, { lines, seed: 42 });
  return f;
}

async function median(db: CaseDb, sql: string, n = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await db.all(sql);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

const f1 = await day(1_000_000);
const f4 = await day(4_000_000);
const mb = (f: string) => (statSync(f).size / 1048576).toFixed(0);
console.log(`generated: ${f1} (${mb(f1)} MB), ${f4} (${mb(f4)} MB)`);

const pipe = timeShell(`LC_ALL=C grep -ao 'DPT=[0-9]*' ${f1} | sort | uniq -c > /dev/null`);
const imp1 = timeImport(f1);
const imp4 = timeImport(f4);
const db = await CaseDb.open(imp1.casePath, { readOnly: true });
const byPort = await median(db, 'SELECT dport, count(*) FROM events GROUP BY dport');
const byDst = await median(db, 'SELECT dst, count(*) FROM events GROUP BY dst');
db.close();

const rows: Array<[string, string]> = [
  ['pipeline (grep -ao DPT | sort | uniq -c), 1M lines', `${pipe.toFixed(2)} s`],
  ['fwlens import, 1M lines (incl. process start)', `${imp1.secs.toFixed(2)} s  = ${(imp1.secs / pipe).toFixed(2)}x the pipeline (target <= 1.5x)`],
  ['import rate', `${Math.round(1e6 / imp1.secs).toLocaleString('en-US')} lines/s`],
  ['peak RSS, 1M lines', `${imp1.rssMB.toFixed(0)} MB`],
  ['peak RSS, 4M lines', `${imp4.rssMB.toFixed(0)} MB  = ${(imp4.rssMB / imp1.rssMB).toFixed(2)}x the 1M figure (target <= 1.3x)`],
  ['fwlens import, 4M lines', `${imp4.secs.toFixed(2)} s`],
  ['GROUP BY dport, median of 5', `${byPort.toFixed(1)} ms (target < 100 ms)`],
  ['GROUP BY dst, median of 5', `${byDst.toFixed(1)} ms (target < 100 ms)`],
];
printRows(rows);
