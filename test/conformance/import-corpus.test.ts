// Conformance: every file of the full corpus (FWLENS_CORPUS) imports and reconciles line by line, or is refused as an unknown format; the Elastic journald events import.
import { describe, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importSource, type ImportResult } from '../../src-main/import/import-source.ts';
import { expectReconciled, scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';
import { requires } from '../requires.ts';
import { CORPUS_DIR, corpus, corpusNeed } from './corpus.ts';

const cit = requires(corpusNeed);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Files that are no input of fwlens: the corpus notes, test configs, tcpdump's text decodes, the bzip2 original. */
const NOT_INPUT = /(^SOURCES\.md|\.ya?ml|\.out|\.bz2)$/;

describe('the full third-party corpus imports', () => {
  cit('accounts for every line of every corpus log: lines = events + rejects + skipped + blank, in the case too', async () => {
    const root = CORPUS_DIR!;
    let imported = 0;
    for (const f of filesUnder(root)) {
      const name = relative(root, f);
      let r: ImportResult;
      try {
        r = await importSource(db, f);
      } catch (e) {
        expect(String(e), name).toMatch(/unknown format/);
        expect(name, `${name} is refused`).toMatch(NOT_INPUT);
        continue;
      }
      if (await expectReconciled(db, f, name, r)) imported++;
    }
    expect(imported).toBeGreaterThan(90);
    // psad's netfilter lines all import: no reject comes from that folder.
    const psadRejects = await scalar<number>(db, `SELECT count(*)::INTEGER FROM rejects r JOIN sources s ON s.id = r.source_id WHERE s.path LIKE '%/psad/%'`);
    expect(psadRejects).toBe(0);
  }, 300_000);

  cit('journalctl -o json rebuilt from the Elastic journald events imports with host, UTC time and the kernel message', async () => {
    const doc = JSON.parse(readFileSync(corpus('elastic-integrations-iptables/test-journald.json'), 'utf8')) as { events: Array<{ message: string; host: { hostname: string }; event: { created: string } }> };
    const f = join(t.dir, 'journal.json');
    const created = (e: (typeof doc.events)[0]) => BigInt(Date.parse(e.event.created)) * 1000n;
    writeFileSync(f, doc.events.map((e) => JSON.stringify({ __REALTIME_TIMESTAMP: String(created(e)), _HOSTNAME: e.host.hostname, MESSAGE: e.message })).join('\n') + '\n');
    const r = await importSource(db, f);
    expect(r).toMatchObject({ events: doc.events.length, rejects: 0 });
    const rows = await db.all('SELECT host, ts, prefix, src FROM events ORDER BY line_no');
    rows.forEach((row, i) => {
      expect(row.host).toBe(doc.events[i].host.hostname);
      expect((row.ts as Date).toISOString()).toBe(new Date(doc.events[i].event.created).toISOString());
      expect(doc.events[i].message).toContain(`SRC=${row.src as string} `);
    });
  });
});
