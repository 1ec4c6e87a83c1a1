// conntrack XML, ulogd2 JSON and LOGEMU files imported into one case (third-party and hand-written fixtures).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { THIRD_PARTY, ROOT, scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';

describe('conntrack XML, ulogd2 JSON and LOGEMU into one case', () => {
  it('conntrack -E -o xml: every <flow> becomes a row whose line leads back to it', async () => {
    const f = join(THIRD_PARTY, 'travis-nat-conntracker/conntrack-events-sample.xml');
    const text = readFileSync(f, 'utf8');
    const r = await importSource(db, f);
    const flows = (text.match(/<flow[ >]/g) ?? []).length;
    expect(r).toMatchObject({ format: 'conntrack-xml', unit: 'flow', rejects: 0 });
    expect(r.events).toBe(flows);
    const byType = Object.fromEntries((await db.all(`SELECT event, count(*)::INTEGER n FROM conntrack GROUP BY event`)).map((x) => [x.event, x.n]));
    expect(byType.NEW).toBe((text.match(/<flow type="new"/g) ?? []).length);
    expect(byType.DESTROY).toBe((text.match(/<flow type="destroy"/g) ?? []).length);
    const lines = text.split('\n');
    for (const row of await db.all(`SELECT line_no, src, event FROM conntrack USING SAMPLE 20 ROWS`)) {
      const at = lines[Number(row.line_no) - 1];
      expect(at).toContain('<flow');
      expect(at.toLowerCase()).toContain(`type="${(row.event as string).toLowerCase()}"`);
    }
  });

  it('ulogd2 JSON events land in events with prefix, action and UTC time', async () => {
    const r = await importSource(db, join(THIRD_PARTY, 'spr-networks-ulogd/ulogd-json-sample.jsonl'));
    expect(r).toMatchObject({ format: 'ulogd-json', events: 1, rejects: 0 });
    const src = JSON.parse(readFileSync(join(THIRD_PARTY, 'spr-networks-ulogd/ulogd-json-sample.jsonl'), 'utf8').trim());
    const [ev] = await db.all('SELECT prefix, action, src, dst FROM events');
    expect(ev.prefix).toBe(src['oob.prefix'].trim()); // trimmed, as LOG prefixes are
    expect(ev.action).toBe('DROP');
    expect(ev.src).toBe(src.src_ip);
  });

  it('a ulogd2 JSON file cut mid-line at its start imports: the cut line a reject, the rest events', async () => {
    const { writeFileSync } = await import('node:fs');
    const whole = readFileSync(join(ROOT, 'test/fixtures/ulogd/ulogd-json.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const f = join(t.dir, 'cut.jsonl');
    // As copytruncate or `tail -c` leaves it: the first line's start is gone.
    writeFileSync(f, [whole[0].slice(30), ...whole.slice(1)].join('\n') + '\n');
    const r = await importSource(db, f);
    expect(r).toMatchObject({ format: 'ulogd-json', lines: whole.length, rejects: 1 });
    expect(r.events + r.rejects + r.blank).toBe(whole.length);
    expect(Number(await scalar(db, `SELECT line_no FROM rejects WHERE source_id = ${r.sourceId}`))).toBe(1);
  });

  it('LOGEMU text reads as netfilter lines, ulogd quirks included', async () => {
    const r = await importSource(db, join(ROOT, 'test/fixtures/ulogd/ulogd-logemu.log'));
    expect(r.rejects).toBe(0);
    expect(await scalar(db, `SELECT count(*)::INTEGER FROM events WHERE uid IS NOT NULL`)).toBeGreaterThanOrEqual(0);
    expect(r.skipped).toBe(0);
    expect(r.events).toBe(r.lines - r.blank);
  });
});
