// The in-memory ASN index answers as DuckDB's ASOF join over the same CSV did (the enrichment's former
// SQL), on the bundled files and on a hand-made one with the awkward CSV forms.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AsnIndex } from '../../src-main/enrich/asn-index.ts';
import { bundledAsnCsv } from '../../src-main/enrich/asn-data.ts';
import { tempDir } from '../helpers.ts';

/** DuckDB's answer for each number: the last range starting at or below it, if it reaches it. */
async function asofAnswers(file: string, nums: bigint[]): Promise<Array<{ asn: number; org: string | null } | null>> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    await con.run(`CREATE TABLE r AS SELECT lo::UHUGEINT lo, hi::UHUGEINT hi, asn, org FROM read_csv($1, header = false, auto_detect = false,
      quote = '"', escape = '"', columns = {'lo': 'VARCHAR', 'hi': 'VARCHAR', 'asn': 'UINTEGER', 'org': 'VARCHAR'})`, [file]);
    await con.run(`CREATE TABLE q AS SELECT i, n::UHUGEINT n FROM (SELECT unnest(range(len($1::VARCHAR[]))) i, unnest($1::VARCHAR[]) n)`, [`[${nums.map((n) => `'${n}'`).join(',')}]`]);
    const reader = await con.runAndReadAll(`SELECT q.i, CASE WHEN q.n <= r.hi THEN r.asn END asn, CASE WHEN q.n <= r.hi THEN r.org END org
      FROM q ASOF LEFT JOIN r ON q.n >= r.lo ORDER BY q.i`);
    return (reader.getRowObjectsJS() as Array<{ asn: number | null; org: string | null }>).map((x) => (x.asn === null ? null : { asn: Number(x.asn), org: x.org }));
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/** Each range's edges and their neighbours, plus numbers spread over the whole space. */
function probes(file: string, every: number, space: bigint): bigint[] {
  const out: bigint[] = [0n, space - 1n];
  const lines = readFileSync(file, 'latin1').split('\n').filter(Boolean);
  for (let k = 0; k < lines.length; k += every) {
    const [lo, hi] = lines[k].split(',', 2).map((x) => BigInt(x));
    out.push(lo, hi, lo - 1n < 0n ? 0n : lo - 1n, hi + 1n);
  }
  let x = 0x9e3779b97f4a7c15n;
  for (let k = 0; k < 2000; k++) out.push((x = (x * 6364136223846793005n + 1442695040888963407n) % space));
  return out;
}

describe('the in-memory ASN index', () => {
  it('ships with ranges sorted by their start, which its binary search relies on', () => {
    for (const f of [4, 6] as const) {
      const lines = readFileSync(bundledAsnCsv(f), 'latin1').split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(50_000);
      let prev = -1n;
      for (const l of lines) {
        const lo = BigInt(l.slice(0, l.indexOf(',')));
        if (lo < prev) throw new Error(`asn-ipv${f}: ${l} starts before the line above it`);
        prev = lo;
      }
    }
  });

  it('answers as the ASOF join over the bundled ranges, at every range edge sampled and across the space', async () => {
    const index = new AsnIndex({ 4: bundledAsnCsv(4), 6: bundledAsnCsv(6) });
    for (const [family, every, space] of [[4, 97, 1n << 32n], [6, 31, 1n << 128n]] as const) {
      const nums = probes(bundledAsnCsv(family), every, space);
      const want = await asofAnswers(bundledAsnCsv(family), nums);
      const got = nums.map((n) => index.lookup(family, n));
      const wrong = nums.filter((_, k) => JSON.stringify(got[k]) !== JSON.stringify(want[k]));
      expect(wrong.slice(0, 5).map((n) => `${n}`), `family ${family}`).toEqual([]);
      expect(got.filter(Boolean).length).toBeGreaterThan(nums.length / 10);
    }
  });

  it('reads quoted organisations, CRLF endings, gaps and overlaps as DuckDB reads the file', async () => {
    const t = tempDir();
    try {
      const f = join(t.dir, 'ranges.csv');
      writeFileSync(f, [
        '10,19,100,Plain Org', '20,29,200,"Comma, Inc."', '40,49,300,"Say ""hi"" Ltd"', '45,60,400,Overlapping',
        '70,70,500,Ünïcode GmbH', '80,89,600,',
      ].join('\r\n') + '\r\n');
      const nums = Array.from({ length: 100 }, (_, k) => BigInt(k));
      const want = await asofAnswers(f, nums);
      const index = new AsnIndex({ 4: f, 6: f });
      const got = nums.map((n) => index.lookup(4, n));
      expect(got).toEqual(want);
      expect(got[85]).toEqual({ asn: 600, org: null });
      expect(got[25]).toEqual({ asn: 200, org: 'Comma, Inc.' });
    } finally {
      t.cleanup();
    }
  });
});
