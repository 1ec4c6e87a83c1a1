// RDAP (RFC 9083) ip network and autnum JSON → the normalised NetRecord. Never throws on odd JSON.
import { emptyRecord, type NetRecord, type Registry } from './lookup-types.ts';
import { parseCidrList, rangeFromBounds } from './net-range.ts';
import { cleanCountry, cleanEmail, cleanRaw, cleanText } from './sanitize.ts';
import { registryOf } from './whois-parse.ts';

export interface ParsedRdap {
  record: NetRecord;
  outcome: 'ok' | 'not-found' | 'malformed';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

const RDAP_HOSTS: Record<string, Registry> = {
  'rdap.arin.net': 'arin',
  'rdap.db.ripe.net': 'ripe',
  'rdap.apnic.net': 'apnic',
  'rdap.lacnic.net': 'lacnic',
  'rdap.afrinic.net': 'afrinic',
  'rdap.iana.org': 'iana',
};

/** Values of one vCard property (`fn`, `email`, `org`) in a jCard `["vcard", [[name, params, type, value], ...]]`. */
export function vcardValues(entity: Json, prop: string): string[] {
  const card = entity.vcardArray;
  if (!Array.isArray(card) || !Array.isArray(card[1])) return [];
  const out: string[] = [];
  for (const p of card[1] as unknown[]) {
    if (!Array.isArray(p) || p[0] !== prop) continue;
    const v = Array.isArray(p[3]) ? p[3].map(str).filter(Boolean).join(' ') : str(p[3]);
    if (v) out.push(v);
  }
  return out;
}

/** Entities depth-first, nested ones included (abuse contacts often sit inside the registrant). */
function entities(root: Json): Json[] {
  const out: Json[] = [];
  const walk = (node: Json, depth: number) => {
    if (depth > 5 || !Array.isArray(node.entities)) return;
    for (const e of node.entities as unknown[]) {
      // Caps keep a hostile, deeply nested answer from costing much.
      if (!isObj(e) || out.length >= 500) continue;
      out.push(e);
      walk(e, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

const hasRole = (e: Json, role: string) => Array.isArray(e.roles) && e.roles.some((r) => typeof r === 'string' && r.toLowerCase() === role);

export function parseRdap(json: unknown, query: string, finalUrl: string, text = ''): ParsedRdap {
  let host = '';
  try {
    host = new URL(finalUrl).hostname.toLowerCase();
  } catch {
    // keep '' — registry then comes from port43
  }
  const rec = emptyRecord(query, cleanText(finalUrl, 200) ?? '');
  const w = rec.warnings;
  rec.raw = cleanRaw(text);
  try {
    if (!isObj(json)) {
      w.push('answer is not a JSON object');
      return { record: rec, outcome: 'malformed' };
    }
    if (json.errorCode !== undefined) return { record: rec, outcome: Number(json.errorCode) === 404 ? 'not-found' : 'malformed' };
    const cls = str(json.objectClassName);
    if (cls !== 'ip network' && cls !== 'autnum') {
      w.push(`unexpected objectClassName: ${cleanText(cls ?? 'none', 40)}`);
      return { record: rec, outcome: 'malformed' };
    }
    const port43 = cleanText(str(json.port43), 100);
    rec.registry = RDAP_HOSTS[host] ?? (port43 ? registryOf(port43) : null);
    if (cls === 'ip network') {
      const a = str(json.startAddress);
      const b = str(json.endAddress);
      const range = a && b ? rangeFromBounds(a, b) : null;
      if (!range) w.push('no readable startAddress/endAddress');
      if (range) [rec.range, rec.cidr] = [range.text, range.cidr];
      if (Array.isArray(json.cidr0_cidrs)) {
        const listed = (json.cidr0_cidrs as unknown[]).filter(isObj).map((c) => `${str(c.v4prefix) ?? str(c.v6prefix) ?? ''}/${str(c.length) ?? ''}`);
        const cidrs = parseCidrList(listed.join(','));
        if (cidrs.length) rec.cidr = cidrs;
      }
      rec.netname = cleanText(str(json.name), 100);
    } else {
      const start = Number(json.startAutnum ?? NaN);
      if (Number.isInteger(start) && start >= 0 && start <= 0xffffffff) rec.asn = start;
      else w.push('no readable startAutnum');
      rec.asName = cleanText(str(json.name), 100);
    }
    rec.country = cleanCountry(json.country);
    const ents = entities(json);
    const registrant = ents.find((e) => hasRole(e, 'registrant'));
    if (registrant) rec.org = cleanText(vcardValues(registrant, 'fn')[0] ?? vcardValues(registrant, 'org')[0]);
    for (const e of ents.filter((x) => hasRole(x, 'abuse'))) {
      for (const m of vcardValues(e, 'email')) {
        rec.abuse ??= cleanEmail(m);
        if (!cleanEmail(m)) w.push(`abuse address rejected: ${cleanText(m, 80)}`);
      }
    }
    const ok = rec.range !== null || rec.asn !== undefined;
    return { record: rec, outcome: ok ? 'ok' : 'malformed' };
  } catch (err) {
    w.push(`parser error: ${cleanText(String(err), 120)}`);
    return { record: rec, outcome: 'malformed' };
  }
}
