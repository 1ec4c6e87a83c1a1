// Network enrichment of a case, on request: reverse DNS, registry records (Team Cymru bulk whois,
// RDAP), cached in the case with their fetch time; with no network every lookup ends as 'offline'.
import type { CaseDb } from '../db/case-db.ts';
import { addressesForLookup, saveLookups, setRdnsMany, setWhoisMany, type CachedLookup, type WhoisFields } from '../db/lookups.ts';
import { reverseMany } from '../lookup/rdns.ts';
import { whoisBulkCymru } from '../lookup/cymru-bulk.ts';
import { rdapIp } from '../lookup/rdap-client.ts';
import { OfflineDetector } from '../lookup/limits.ts';
import type { LookupResult, NetRecord } from '../lookup/lookup-types.ts';
import { parseCidr, addressNumber, type Cidr } from './cidr.ts';

export interface NetworkOptions {
  rdns?: boolean;
  whois?: boolean;
  rdap?: boolean;
  /** Re-ask even when a cached answer is younger than maxAgeDays (default 7). */
  maxAgeDays?: number;
  /** Overrides, for tests and proxies: resolvers, the Cymru endpoint, the RDAP start URL. */
  dnsServers?: string[];
  cymru?: { host: string; port: number };
  rdapBaseUrl?: string;
  timeoutMs?: number;
  minIntervalMs?: number;
  out?: NodeJS.WritableStream;
  progress?: NodeJS.WritableStream | null;
}

export type StatusCounts = Record<string, number>;

const RDNS_SCOPES = ['external', 'internal', 'link-local', 'loopback'];
const count = (c: StatusCounts, s: string) => (c[s] = (c[s] ?? 0) + 1);

function whoisFields(r: LookupResult): WhoisFields {
  const rec = r.record;
  return {
    status: r.status, netname: rec?.netname ?? null, org: rec?.org ?? rec?.asName ?? null, country: rec?.country ?? null,
    abuse: rec?.abuse ?? null, range: rec ? (rec.cidr.length ? rec.cidr.join(', ') : rec.range) : null, registry: rec?.registry ?? null,
  };
}

export async function enrichNetwork(db: CaseDb, o: NetworkOptions): Promise<{ rdns: StatusCounts; whois: StatusCounts; rdap: StatusCounts }> {
  const maxAge = o.maxAgeDays ?? 7;
  const say = (s: string) => o.out?.write(s + '\n');
  const res = { rdns: {} as StatusCounts, whois: {} as StatusCounts, rdap: {} as StatusCounts };
  const offline = new OfflineDetector();
  const base = { timeoutMs: o.timeoutMs, minIntervalMs: o.minIntervalMs, offline };

  if (o.rdns) {
    const todo = await addressesForLookup(db, RDNS_SCOPES, 'rdns_at', maxAge);
    const results = await reverseMany(todo, {
      // Bulk: one short try each (a resolver that drops PTR queries for private ranges otherwise costs minutes).
      servers: o.dnsServers, timeoutMs: o.timeoutMs ?? 1000, tries: 1, concurrency: 32,
      onResult: (r) => o.progress?.write(`\rreverse DNS ${Object.values(res.rdns).reduce((a, b) => a + b, 0) + 1}/${todo.length}`),
    });
    o.progress?.write('\n');
    for (const r of results) count(res.rdns, r.status);
    await db.transaction(async () => {
      await setRdnsMany(db, results.map((r) => ({ address: r.address, name: r.names[0] ?? null, status: r.status })));
      await saveLookups(db, results.map((r) => ({ kind: 'rdns', query: r.address, status: r.status, server: r.server, record: { names: r.names }, raw: null })));
    });
    say(`reverse DNS: ${todo.length} addresses (${fmt(res.rdns)})`);
  }

  if (o.whois) {
    // One connection for all addresses: registries would rate-limit per-address queries.
    const todo = await addressesForLookup(db, ['external'], 'whois_at', maxAge);
    const results = todo.length ? await whoisBulkCymru(todo, { ...base, server: o.cymru }) : [];
    for (const r of results) count(res.whois, r.status);
    await db.transaction(async () => {
      await setWhoisMany(db, results.map((r, i) => ({ address: todo[i], ...whoisFields(r) })));
      await saveLookups(db, results.map((r, i) => ({ kind: 'whois-cymru', query: todo[i], status: r.status, server: r.server, record: r.record ?? null, raw: r.record?.raw ?? null })));
    });
    say(`whois (Team Cymru bulk): ${todo.length} addresses (${fmt(res.whois)})`);
  }

  if (o.rdap) {
    const todo = await addressesForLookup(db, ['external'], 'whois_at', o.whois ? -1 : maxAge);
    // A registry record covers a whole range: addresses inside one already fetched reuse it.
    const known: Array<{ ranges: Cidr[]; result: LookupResult }> = [];
    let done = 0;
    const fields: Array<{ address: string } & WhoisFields> = [];
    const fetched: CachedLookup[] = [];
    for (const address of todo) {
      const a = addressNumber(address)!;
      let result = known.find((k) => k.ranges.some((c) => c.family === a.family && a.n >= c.lo && a.n <= c.hi))?.result;
      if (!result) {
        result = await rdapIp(address, { ...base, baseUrl: o.rdapBaseUrl });
        const ranges = (result.record?.cidr ?? []).map((c) => parseCidr(c)).filter((c): c is Cidr => c !== null);
        if (result.status === 'ok' && ranges.length) known.push({ ranges, result });
        fetched.push({ kind: 'rdap', query: address, status: result.status, server: result.server, record: result.record ?? null, raw: null });
      }
      count(res.rdap, result.status);
      fields.push({ address, ...whoisFields(result as LookupResult<NetRecord>) });
      o.progress?.write(`\rRDAP ${++done}/${todo.length}`);
    }
    o.progress?.write('\n');
    await db.transaction(async () => {
      await setWhoisMany(db, fields);
      await saveLookups(db, fetched);
    });
    say(`RDAP: ${todo.length} addresses, ${known.length} registry records fetched (${fmt(res.rdap)})`);
  }
  return res;
}

function fmt(c: StatusCounts): string {
  const parts = Object.entries(c).map(([k, v]) => `${v} ${k}`);
  return parts.length ? parts.join(', ') : 'nothing to ask';
}
