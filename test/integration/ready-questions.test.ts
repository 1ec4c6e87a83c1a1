// Each ready question on a hand-built case whose answer is counted by hand below: the "who are we
// connecting to" questions count outbound traffic only, the "who is reaching us" ones inbound only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { Cell, ReadyQuestion } from '../../src-main/shared/api.ts';
import { tempDir } from '../helpers.ts';
import { clauseSql } from '../../src-renderer/lib/filter-sql.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';
import { APPLE, DOD, FW_PUBLIC, GOOGLE, QUAD9, TOR, YANDEX, writeDirectionLog } from '../direction-traffic.ts';

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let questions: ReadyQuestion[];
const org: Record<string, string> = {};
const country: Record<string, string> = {};

/** The question's whole answer as objects by column name. */
async function answer(id: string): Promise<Array<Record<string, Cell>>> {
  const q = questions.find((x) => x.id === id);
  if (!q) throw new Error(`no ready question ${id}`);
  const page = value(await svc.runQuery({ sql: q.sql, limit: 1000 }));
  return page.rows.map((r) => Object.fromEntries(page.columns.map((c, i) => [c, r[i]])));
}
const byKey = (rows: Array<Record<string, Cell>>, key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.events)]));

beforeAll(async () => {
  t = tempDir();
  const casePath = join(t.dir, 'case.duckdb');
  const log = join(t.dir, 'fw.log');
  writeDirectionLog(log);
  await buildCase(casePath, async (db) => {
    await importSource(db, log, { tz: 'UTC', year: 2024 });
  });
  svc = await serviceOn(casePath, t.dir);
  questions = value(await svc.readyQuestions());
  // Organisations and countries as the bundled offline data names them (not hard-coded here).
  const info = value(await svc.runQuery({ sql: 'SELECT address, org, country FROM ip_info', limit: 100 }));
  for (const [a, o, c] of info.rows) { org[String(a)] = String(o); country[String(a)] = String(c); }
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('ready questions on hand-counted traffic', () => {
  it('the data knows every external address, with distinct organisations, and DoD, Google, Quad9 and Apple in one country', () => {
    const ext = [GOOGLE, QUAD9, YANDEX, APPLE, DOD, TOR];
    for (const a of ext) expect(org[a], a).not.toBe('null');
    expect(new Set(ext.map((a) => org[a])).size).toBe(ext.length);
    // So a country count that mixed in inbound scans would differ from the outbound one.
    expect(new Set([DOD, GOOGLE, QUAD9, APPLE].map((a) => country[a])).size).toBe(1);
    expect(country[YANDEX]).not.toBe(country[GOOGLE]);
  });

  it('every question says in its title which direction it counts', () => {
    for (const q of questions) expect(q.title, q.id).toMatch(/\((outbound|inbound|every direction)\)$|among our hosts$/);
  });

  it('"who are we connecting to? by organisation" counts outbound only: the DoD scan and Tor are not there', async () => {
    const rows = await answer('dest-by-org');
    // Google 3 + 1, Quad9 2, Yandex 1 (its NTP-port packet to us is inbound), Apple 1 (from the firewall host).
    expect(byKey(rows, 'org')).toEqual({ [org[GOOGLE]]: 4, [org[QUAD9]]: 2, [org[YANDEX]]: 1, [org[APPLE]]: 1 });
    expect(rows[0].org).toBe(org[GOOGLE]);
    expect(rows.find((r) => r.org === org[GOOGLE])?.our_hosts).toBe(2);
  });

  it('"by country" counts outbound only: the country shared with the DoD has 7 events, not 7 + 9', async () => {
    const rows = await answer('dest-by-country');
    expect(byKey(rows, 'country')).toEqual({ [country[GOOGLE]]: 7, [country[YANDEX]]: 1 });
    expect(rows.find((r) => r.country === country[GOOGLE])).toMatchObject({ addresses: 3, organisations: 3 });
  });

  it('"by destination" lists the four external addresses we reached, not our own public address', async () => {
    const rows = await answer('dest-by-address');
    expect(byKey(rows, 'dst')).toEqual({ [GOOGLE]: 4, [QUAD9]: 2, [YANDEX]: 1, [APPLE]: 1 });
    expect(rows.find((r) => r.dst === GOOGLE)).toMatchObject({ org: org[GOOGLE], our_hosts: 2 });
  });

  it('"by port" counts our outbound services: not the scanned 22, 23, 3389 nor the LAN DNS', async () => {
    const rows = await answer('dest-by-port');
    expect(Object.fromEntries(rows.map((r) => [`${r.proto}/${r.dport}`, [r.events, r.destinations, r.sources]]))).toEqual({
      'TCP/443': [4, 2, 2], 'UDP/53': [1, 1, 1], 'TCP/853': [2, 1, 1], 'TCP/8443': [1, 1, 1],
    });
  });

  it('"first-seen destinations" are the outbound destinations, newest first', async () => {
    const rows = await answer('first-seen');
    // Written in this order: Google (TCP, then UDP), Quad9, Yandex, Apple.
    expect(rows.map((r) => r.dst)).toEqual([APPLE, YANDEX, QUAD9, GOOGLE]);
    expect(rows.map((r) => r.events)).toEqual([1, 1, 2, 4]);
  });

  it('the Explore traffic filter and the Overview\'s organisations count the same outbound events as the questions', async () => {
    const where = (v: 'inbound' | 'outbound') => clauseSql({ kind: 'scope', value: v });
    const count = async (sql: string) => Number(value(await svc.runQuery({ sql })).rows[0][0]);
    // 4 + 2 + 1 + 1 outbound (above); 9 + 2 + 2 + 1 inbound (below).
    expect(await count(`SELECT count(*) FROM events_enriched WHERE ${where('outbound')}`)).toBe(8);
    expect(await count(`SELECT count(*) FROM events_enriched WHERE ${where('inbound')}`)).toBe(14);
    const overview = value(await svc.overview({}, null));
    // Its bars are per ASN, labelled "AS<n> <org>".
    expect(Object.fromEntries(overview.orgs.map((b) => [b.label.replace(/^AS\d+ /, ''), b.events]))).toEqual({ [org[GOOGLE]]: 4, [org[QUAD9]]: 2, [org[YANDEX]]: 1, [org[APPLE]]: 1 });
  });

  it('"who is reaching us? by organisation" counts inbound only: the DoD first with 9', async () => {
    const rows = await answer('src-by-org');
    // DoD 5 forwarded + 4 to the firewall's public address; Tor 2; Google's 2 replies; Yandex 1.
    expect(byKey(rows, 'org')).toEqual({ [org[DOD]]: 9, [org[TOR]]: 2, [org[GOOGLE]]: 2, [org[YANDEX]]: 1 });
    expect(rows[0]).toMatchObject({ org: org[DOD], addresses: 1, our_hosts: 2, ports: 2, blocked: 9 });
  });

  it('"who is reaching us? by country" counts inbound only', async () => {
    const rows = await answer('src-by-country');
    expect(byKey(rows, 'country')).toEqual({ [country[DOD]]: 11, [country[TOR]]: 2, [country[YANDEX]]: 1 });
    expect(rows.find((r) => r.country === country[DOD])).toMatchObject({ addresses: 2, organisations: 2, blocked: 9 });
  });

  it('"low source ports" lists inbound packets only, lowest source port first', async () => {
    const rows = await answer('low-source-ports');
    expect(rows.map((r) => [r.src, r.sport, r.events, r.privileged_port])).toEqual([
      [TOR, 53, 2, true], [YANDEX, 123, 1, true], [GOOGLE, 443, 2, true], [DOD, 51000, 5, false], [DOD, 51001, 4, false],
    ]);
  });

  it('"top talkers" are our hosts: 192.168.1.10 and .11, not the scanner', async () => {
    const rows = await answer('top-talkers');
    // .10: 3 + 2 + 1 outbound + 2 to the firewall's DNS; .11: 1.
    expect(rows.map((r) => [r.src, Number(r.records), r.peers, r.external_peers])).toEqual([['192.168.1.10', 8, 4, 3], ['192.168.1.11', 1, 1, 1]]);
  });

  it('"what is left after the common services" says the direction of each uncommon port', async () => {
    const rows = await answer('uncommon');
    expect(Object.fromEntries(rows.map((r) => [`${r.proto}/${r.dport}`, [r.direction, r.events]]))).toEqual({
      'TCP/22': ['inbound', 5], 'TCP/23': ['inbound', 4], 'TCP/3389': ['inbound', 2], 'TCP/40000': ['inbound', 2],
      'TCP/8443': ['outbound', 1], 'UDP/5000': ['inbound', 1],
    });
  });

  it('"TCP flag combinations" splits by direction: outbound SYNs, inbound SYNs, XMAS probes, replies', async () => {
    const rows = await answer('tcp-flags');
    expect(Object.fromEntries(rows.map((r) => [`${r.flags} ${r.direction}`, [r.meaning, r.events]]))).toEqual({
      'SYN outbound': ['new connection', 7], 'SYN inbound': ['new connection', 7],
      'FIN PSH URG inbound': ['XMAS scan', 4], 'ACK inbound': ['', 2],
    });
  });

  it('orders rows with the same count by their key, so a question gives the same page every time', async () => {
    const keys: Record<string, string[]> = {
      'dest-by-address': ['dst'], 'dest-by-port': ['proto', 'dport'], 'dest-by-country': ['country'], 'src-by-country': ['country'],
      'uncommon': ['direction', 'proto', 'dport', 'action'],
    };
    const cmp = (a: Cell, b: Cell): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1);
    let ties = 0;
    for (const [id, key] of Object.entries(keys)) {
      const rows = await answer(id);
      for (let i = 1; i < rows.length; i++) {
        if (Number(rows[i].events) !== Number(rows[i - 1].events)) continue;
        ties++;
        const order = key.map((k) => cmp(rows[i - 1][k], rows[i][k])).find((c) => c !== 0) ?? 0;
        expect(order, `${id}: row ${i} after row ${i - 1}`).toBeLessThan(0);
      }
    }
    // The traffic has ties, or this test would check nothing.
    expect(ties).toBeGreaterThan(0);
  });
});
