// `fwlens import` enriches from the in-memory ASN index and leaves the case's copy of the ASN ranges
// (asn_ranges) to be made when first needed: by the app, a query naming it, or rules on an ASN.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { ensureAsnRanges } from '../../src-main/db/ip-info.ts';
import { bundledAsnVersion } from '../../src-main/enrich/asn-data.ts';
import { fwlensResult, scalar, tempDir } from '../helpers.ts';

const PEERS = ['1.1.1.1', '8.8.8.8', '104.16.1.1', '192.0.2.7', '2001:4860:4860::8888', '2606:4700::1111'];

function dayFile(dir: string): string {
  const f = join(dir, 'kern.log');
  writeFileSync(f, PEERS.map((d, k) => {
    const v6 = d.includes(':');
    return `2024-03-14T10:00:0${k}+00:00 fw kernel: OUT IN=eth1 OUT=eth0 SRC=${v6 ? '2001:db8::10' : '192.168.1.10'} DST=${d} LEN=60 ` +
      `${v6 ? 'TC=0 HOPLIMIT=64 FLOWLBL=0' : 'TOS=0x00 PREC=0x00 TTL=63 ID=1 DF'} PROTO=TCP SPT=40000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0`;
  }).join('\n') + '\n');
  return f;
}

describe('the ASN ranges of a case made by fwlens import', () => {
  it('are not written by the import, yet every address has the ASN the ranges give it', async () => {
    const t = tempDir();
    try {
      const casePath = join(t.dir, 'c.duckdb');
      const r = fwlensResult('import', casePath, dayFile(t.dir), '--quiet');
      expect(r.code, r.err).toBe(0);
      let db = await CaseDb.open(casePath, { readOnly: true });
      try {
        expect(Number(await scalar(db, 'SELECT count(*) FROM main.asn_ranges'))).toBe(0);
        const info = Object.fromEntries((await db.all('SELECT address, asn, org, asn_source FROM ip_info')).map((x) => [x.address, x]));
        expect(info['1.1.1.1']).toMatchObject({ asn: 13335, asn_source: 'ip-location-db' });
        expect(info['2001:4860:4860::8888']).toMatchObject({ asn: 15169, asn_source: 'ip-location-db' });
        expect(info['192.0.2.7']).toMatchObject({ asn: null, asn_source: null });
      } finally {
        db.close();
      }

      // A query naming the table reads a session copy: the file stays as the import left it.
      const q = fwlensResult('query', casePath, 'SELECT count(*) AS n FROM asn_ranges WHERE asn = 13335', '--json');
      expect(q.code, q.err).toBe(0);
      expect(JSON.parse(q.out)[0].n).toBeGreaterThan(0);
      // Rules on an ASN expand it to its prefixes the same way.
      const rules = fwlensResult('rules', 'block', casePath, '--format', 'nft', '--targets', 'AS13335');
      expect(rules.code, rules.err).toBe(0);
      expect(rules.out).toMatch(/1\.1\.1\.0\/24/);
      db = await CaseDb.open(casePath, { readOnly: true });
      expect(Number(await scalar(db, 'SELECT count(*) FROM main.asn_ranges'))).toBe(0);
      db.close();

      // Opened for writing (as the app opens a case), the copy is made once and kept.
      db = await CaseDb.open(casePath);
      try {
        await ensureAsnRanges(db);
        const n = Number(await scalar(db, 'SELECT count(*) FROM asn_ranges'));
        expect(n).toBeGreaterThan(400_000);
        expect(await db.meta('asn_data_version')).toBe(bundledAsnVersion());
        await ensureAsnRanges(db);
        expect(Number(await scalar(db, 'SELECT count(*) FROM asn_ranges'))).toBe(n);
        // What the import stored is what the ASOF join over those ranges (the former SQL) gives.
        const differ = await db.all(`
          SELECT i.address, i.asn, r.asn AS want FROM ip_info i ASOF LEFT JOIN asn_ranges r ON i.family = r.family AND i.num >= r.lo
          WHERE i.asn IS DISTINCT FROM CASE WHEN i.num <= r.hi THEN r.asn END
             OR i.org IS DISTINCT FROM CASE WHEN i.num <= r.hi THEN r.org END`);
        expect(differ).toEqual([]);
        expect(Number(await scalar(db, 'SELECT count(*) FROM ip_info'))).toBe(PEERS.length + 2);
      } finally {
        db.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
