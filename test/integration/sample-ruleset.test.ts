// The bundled sample comes with its gateway's ruleset: `fwlens demo` and the app's sample case load it, and
// replaying it over the sample day agrees with the same rules written independently as SQL over the events.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { currentRuleset } from '../../src-main/db/replay-queries.ts';
import { replayRuleset } from '../../src-main/replay/replay-ruleset.ts';
import { ensureSampleCase } from '../../src-main/app/data-dir.ts';
import { tempDir, runFwlens } from '../helpers.ts';

const t = tempDir();
afterAll(() => t.cleanup());

// resources/sample-ruleset/fw1.rules, rule by rule, for the events of the day (each its own opening packet).
const EXPECTED = `SELECT CASE
    WHEN family = 6 THEN 'accept'                                   -- no IPv6 chains
    WHEN in_if = 'lo' THEN 'accept'
    WHEN out_if IS NULL THEN CASE                                   -- INPUT
      WHEN in_if = 'eth1' AND proto_num = 6 AND dport = 22 THEN 'accept'
      WHEN in_if = 'eth1' AND proto_num = 17 AND dport IN (53, 67) THEN 'accept'
      WHEN proto_num = 1 AND icmp_type = 8 THEN 'accept'
      ELSE 'drop' END
    WHEN in_if IS NULL THEN 'accept'                                -- OUTPUT, policy ACCEPT
    WHEN in_if = 'eth1' AND out_if = 'eth0' THEN CASE               -- FORWARD → LAN-OUT → BLOCKED
      WHEN dst LIKE '31.65.%' OR dst LIKE '203.98.%' THEN 'drop'
      WHEN proto_num = 6 AND dport IN (22, 80, 443, 993, 5228, 8443) THEN 'accept'
      WHEN proto_num = 17 AND dport IN (53, 123, 443) THEN 'accept'
      WHEN proto_num = 1 THEN 'accept'
      ELSE 'reject' END
    ELSE 'drop' END AS verdict, count(*)::BIGINT AS records
  FROM events WHERE trace_table IS NULL AND src IS NOT NULL GROUP BY 1 ORDER BY 1`;

describe('the sample and its ruleset', () => {
  it('fwlens demo loads the sample day and fw1.rules as the ruleset in force', () => {
    const r = runFwlens('demo', join(t.dir, 'demo.duckdb'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ruleset in force: fw1.rules (iptables-save, 17 rules, 3 policies)');
  });

  it('replaying it gives, per verdict, the records the same rules give when written as SQL', async () => {
    const db = await CaseDb.open(join(t.dir, 'demo.duckdb'), { readOnly: true });
    try {
      const expected = Object.fromEntries((await db.all(EXPECTED)).map((r) => [r.verdict, Number(r.records)]));
      const rep = await replayRuleset(db, await currentRuleset(db));
      expect({ accept: rep.verdicts.accept.records, drop: rep.verdicts.drop.records, reject: rep.verdicts.reject.records })
        .toEqual({ accept: expected.accept, drop: expected.drop, reject: expected.reject });
      expect(rep.verdicts.unknown.records).toBe(0);
      // Every outcome occurs in the sample, so the comparison covers each branch of the ruleset.
      expect(Math.min(expected.accept, expected.drop, expected.reject)).toBeGreaterThan(10);
      expect(rep.notes.join('\n')).toMatch(/no IPv6 chains: \d+ IPv6 groups are accepted by default/);
    } finally {
      db.close();
    }
  });

  it('the app\'s sample case has the ruleset too, loaded once however often it is opened', async () => {
    const dir = join(t.dir, 'data');
    mkdirSync(dir);
    const path = await ensureSampleCase(dir);
    await ensureSampleCase(dir);
    const db = await CaseDb.open(path, { readOnly: true });
    try {
      expect((await db.all('SELECT name, format, rules FROM ruleset_versions'))).toEqual([{ name: 'fw1.rules', format: 'iptables-save', rules: 17 }]);
    } finally {
      db.close();
    }
  });
});
