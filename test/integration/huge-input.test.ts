// Huge lines (issue 12, item 10): a 200 MB line between good lines imports in bounded memory as one
// reject that keeps its first 64 KiB, its length and its sha256; a folder of files that each hold a
// long line imports through the CLI and leaves a case that opens. The two big tests of the suite.
import { describe, it, expect } from 'vitest';
import { createWriteStream, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { OWN, fwlensResult, scalar } from '../helpers.ts';
import { t, db, releaseCase } from '../fresh-case.ts';

const good = readFileSync(join(OWN, 'drop-input.log'), 'utf8').split('\n').filter(Boolean);
const MiB = 1 << 20;

/** Writes good lines, one line of `mib` MiB of `fill`, and more good lines; returns the long line's sha256. */
async function writeWithLongLine(path: string, mib: number, fill = 'A'): Promise<string> {
  const w = createWriteStream(path);
  const h = createHash('sha256');
  w.write(good.slice(0, 5).join('\n') + '\n');
  const block = Buffer.alloc(MiB, fill);
  for (let i = 0; i < mib; i++) {
    h.update(block);
    if (!w.write(block)) await once(w, 'drain');
  }
  w.end('\n' + good.slice(5).join('\n') + '\n');
  await once(w, 'finish');
  return h.digest('hex');
}

describe('huge lines', () => {
  it('a 200 MB line between good lines: the good lines are events, the long one a capped reject, memory stays bounded', async () => {
    const f = join(t.dir, 'huge.log');
    const sha = await writeWithLongLine(f, 200);
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const r = await importSource(db, f, { onProgress: () => { rssMax = Math.max(rssMax, process.memoryUsage().rss); } });
    rmSync(f);
    expect(r).toMatchObject({ lines: good.length + 1, events: good.length, rejects: 1, blank: 0, status: 'damaged' });
    const [rej] = await db.all(`SELECT line_no::INTEGER n, byte_off::BIGINT o, reason, strlen(line)::INTEGER tl, octet_length(raw)::INTEGER rl,
      length::BIGINT len, sha256 FROM rejects`);
    expect(rej).toEqual({
      n: 6, o: BigInt(good.slice(0, 5).join('\n').length + 1), reason: `line longer than 1 MiB (${200 * MiB} bytes)`,
      tl: 64 * 1024, rl: 64 * 1024, len: BigInt(200 * MiB), sha256: sha,
    });
    expect(await scalar(db, `SELECT line FROM rejects`)).toBe('A'.repeat(64 * 1024));
    // The line is never held whole: well under its own size on top of where the import started.
    expect(rssMax - rss0).toBeLessThan(150 * MiB);
    expect(process.memoryUsage().heapUsed).toBeLessThan(150 * MiB);
  });

  it('a folder of files with a 25 MB line each imports through the CLI, and the case opens again', async () => {
    releaseCase();
    const d = join(t.dir, 'logs');
    mkdirSync(d);
    const shas: string[] = [];
    for (let i = 0; i < 4; i++) shas.push(await writeWithLongLine(join(d, `kern.log.${i + 1}`), 25, String.fromCharCode(66 + i)));
    writeFileSync(join(d, 'kern.log'), good.join('\n') + '\n');
    const c = join(t.dir, 'case.duckdb');
    const imp = fwlensResult('import', c, d, '--no-enrich');
    rmSync(d, { recursive: true });
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out.match(/ = \d+ events \+ 1 rejects/g)).toHaveLength(4);
    const q = fwlensResult('query', c, 'SELECT sha256, length, octet_length(raw) AS kept FROM rejects ORDER BY sha256', '--json');
    expect(q.code, q.err).toBe(0);
    expect(JSON.parse(q.out)).toEqual([...shas].sort().map((sha256) => ({ sha256, length: 25 * MiB, kept: 64 * 1024 })));
  });
});
