// Reading whois answer texts (IANA, ARIN, RPSL registries, LACNIC) into one normalised NetRecord. Never throws.
import { emptyRecord, type NetRecord, type Registry } from './lookup-types.ts';
import { parseCidrList, parseRangeText, type NetRange } from './net-range.ts';
import { cleanCountry, cleanEmail, cleanHostname, cleanRaw, cleanText } from './sanitize.ts';

export interface Referral {
  host: string;
  port: number;
}

export interface ParsedWhois {
  record: NetRecord;
  /** 'denied' = the registry refused the query (rate limit, blocked). */
  outcome: 'ok' | 'not-found' | 'malformed' | 'denied';
  referral: Referral | null;
}

type Obj = Array<{ key: string; value: string }>;

const NET_KEYS = ['inetnum', 'inet6num', 'netrange', 'aut-num', 'asnumber', 'as-block'];
const KNOWN_KEYS = new Set([...NET_KEYS, 'netname', 'refer', 'whois', 'orgname', 'org-name', 'owner', 'country', 'cidr', 'as-name', 'asname', 'organisation']);

/** Objects are runs of `key: value` lines between blank lines; comments skipped, continuations joined. */
function splitObjects(text: string): Obj[] {
  const objs: Obj[] = [];
  let cur: Obj = [];
  for (const line of text.split(/\r?\n|\r/)) {
    if (/^\s*$/.test(line)) {
      if (cur.length) objs.push(cur);
      cur = [];
      continue;
    }
    if (/^[%#]/.test(line)) continue;
    const m = /^([A-Za-z][\w.-]{0,40}):(.*)$/.exec(line);
    if (m) cur.push({ key: m[1].toLowerCase(), value: m[2].trim() });
    else if (/^[\s+]/.test(line) && cur.length) cur[cur.length - 1].value += ' ' + line.replace(/^[\s+]+/, '');
  }
  if (cur.length) objs.push(cur);
  return objs;
}

const get = (obj: Obj, ...keys: string[]): string | null => {
  for (const k of keys) for (const f of obj) if (f.key === k && f.value !== '') return f.value;
  return null;
};
const findIn = (objs: Obj[], ...keys: string[]): string | null => {
  for (const o of objs) {
    const v = get(o, ...keys);
    if (v !== null) return v;
  }
  return null;
};

export function registryOf(host: string | null, text = ''): Registry {
  const h = (host ?? '').toLowerCase();
  for (const r of ['arin', 'ripe', 'apnic', 'lacnic', 'afrinic', 'iana'] as const) if (h.includes(r)) return r;
  if (/^% IANA WHOIS server/m.test(text)) return 'iana';
  if (/ARIN WHOIS data and services/i.test(text)) return 'arin';
  if (/^% This is the RIPE Database/m.test(text)) return 'ripe';
  if (/^% \[whois\.apnic\.net\]/m.test(text)) return 'apnic';
  if (/whois\.lacnic\.net/i.test(text)) return 'lacnic';
  if (/AfriNIC/i.test(text)) return 'afrinic';
  return null;
}

function hostPort(text: string): Referral | null {
  const m = /^(?:whois:\/\/)?([^\s:/]+)(?::(\d{1,5}))?\/?$/i.exec(text.trim());
  const host = m ? cleanHostname(m[1]) : null;
  const port = m?.[2] ? Number(m[2]) : 43;
  return host && host.includes('.') && port > 0 && port < 65536 ? { host, port } : null;
}

/** Where the answer says to ask next, in order of authority: IANA `refer:`, ARIN `ReferralServer:`, `ResourceLink:`, `whois:`. */
export function findReferral(text: string, warnings: string[] = []): Referral | null {
  const line = (re: RegExp) => [...text.matchAll(re)].map((m) => m[1].trim());
  for (const v of line(/^refer:\s*(.+)$/gim)) if (hostPort(v)) return hostPort(v);
  for (const v of line(/^ReferralServer:\s*(.+)$/gim)) {
    if (/^r?whois:\/\//i.test(v) && !/^rwhois:/i.test(v) && hostPort(v)) return hostPort(v);
    warnings.push(`referral not followed: ${cleanText(v, 80)}`);
  }
  for (const v of line(/^ResourceLink:\s*(.+)$/gim)) if (!/^\w+:\/\//.test(v) && /^whois\./i.test(v) && hostPort(v)) return hostPort(v);
  for (const v of line(/^whois:\s*(.+)$/gim)) if (hostPort(v)) return hostPort(v);
  return null;
}

function netRangeOf(o: Obj): NetRange | null {
  const v = get(o, 'netrange', 'inetnum', 'inet6num');
  return v === null ? null : parseRangeText(v);
}

/** Chooses the most specific network object (ARIN lists parents first) and the objects that follow it. */
function pickSection(objs: Obj[]): { net: Obj | null; section: Obj[]; range: NetRange | null } {
  let best = -1;
  let bestRange: NetRange | null = null;
  objs.forEach((o, i) => {
    if (!NET_KEYS.some((k) => get(o, k) !== null)) return;
    const r = netRangeOf(o);
    if (best < 0 || (r && (!bestRange || r.hi - r.lo < bestRange.hi - bestRange.lo))) [best, bestRange] = [i, r];
  });
  if (best < 0) return { net: null, section: objs, range: null };
  let end = best + 1;
  while (end < objs.length && !NET_KEYS.some((k) => get(objs[end], k) !== null)) end++;
  return { net: objs[best], section: [...objs.slice(best, end), ...objs.slice(0, best), ...objs.slice(end)], range: bestRange };
}

function abuseOf(text: string, section: Obj[], objs: Obj[], warnings: string[]): string | null {
  const candidates: string[] = [];
  const comment = /^%\s*Abuse contact for .*? is '([^']*)'/im.exec(text);
  if (comment) candidates.push(comment[1]);
  const direct = findIn(section, 'orgabuseemail', 'abuse-mailbox');
  if (direct) candidates.push(direct);
  const handle = findIn(section, 'abuse-c');
  const holder = handle ? objs.find((o) => get(o, 'nic-hdl', 'nic-hdl-br', 'irt') === handle) : undefined;
  const viaHandle = holder ? get(holder, 'abuse-mailbox', 'e-mail') : null;
  if (viaHandle) candidates.push(viaHandle);
  for (const c of candidates) {
    const e = cleanEmail(c);
    if (e) return e;
    warnings.push(`abuse address rejected: ${cleanText(c, 80)}`);
  }
  return null;
}

/** Parses one answer; `server` is the logical `host:port` it came from. */
export function parseWhois(text: string, query: string, server: string): ParsedWhois {
  const rec = emptyRecord(query, server);
  const w = rec.warnings;
  try {
    rec.raw = cleanRaw(text);
    rec.registry = registryOf(server.split(':')[0], text);
    if (/%ERROR:20\d|access denied|query rate limit|limit exceeded|too many (?:queries|requests)/i.test(text)) {
      return { record: rec, outcome: 'denied', referral: null };
    }
    const objs = splitObjects(text);
    const referral = findReferral(text, w);
    if (/no entries found|no match found|^%\s*no match|returned 0 objects|^No match for/im.test(text) && !objs.some((o) => NET_KEYS.some((k) => get(o, k)))) {
      return { record: rec, outcome: 'not-found', referral: null };
    }
    if (!objs.some((o) => o.some((f) => KNOWN_KEYS.has(f.key)))) {
      w.push('no recognisable whois fields');
      return { record: rec, outcome: 'malformed', referral };
    }
    const { net, section, range } = pickSection(objs);
    const netText = net ? get(net, 'netrange', 'inetnum', 'inet6num') : null;
    if (netText !== null && !range) w.push(`unreadable range: ${cleanText(netText, 80)}`);
    if (range) [rec.range, rec.cidr] = [range.text, range.cidr];
    const arinCidr = net ? get(net, 'cidr') : null;
    if (arinCidr) rec.cidr = parseCidrList(arinCidr).length ? parseCidrList(arinCidr) : rec.cidr;
    rec.netname = cleanText(findIn(section, 'netname'), 100);
    // Named-organisation keys first: RPSL `descr:` is free text and only a fallback. ARIN's
    // `Organization: Name (HANDLE)` carries a handle to drop; other names keep their parentheses.
    const handled = findIn(section, 'organization', 'customer')?.replace(/\s*\([A-Z0-9-]+\)\s*$/, '');
    rec.org = cleanText(findIn(section, 'orgname', 'org-name', 'owner', 'custname') ?? handled ?? findIn(section, 'organisation', 'descr'));
    const cc = findIn(section, 'country');
    rec.country = cleanCountry(cc);
    if (cc && !rec.country) w.push(`country rejected: ${cleanText(cc, 20)}`);
    rec.abuse = abuseOf(text, section, objs, w);
    const asText = findIn(section, 'aut-num', 'asnumber', 'ashandle', 'origin', 'originas', 'as-block');
    const asn = asText ? /^(?:AS)?(\d{1,10})\b/i.exec(asText) : null;
    if (asn && Number(asn[1]) <= 0xffffffff) rec.asn = Number(asn[1]);
    const asName = findIn(section, 'as-name', 'asname');
    if (asName !== null || rec.asn !== undefined) rec.asName = cleanText(asName, 100);
    if (/NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK|IANA-BLK/.test(text)) w.push('registry says the range is not managed there');
    const outcome = rec.range || rec.asn !== undefined || rec.org || rec.netname ? 'ok' : 'malformed';
    if (outcome === 'malformed') w.push('no range, ASN, name or organisation found');
    return { record: rec, outcome, referral };
  } catch (err) {
    w.push(`parser error: ${cleanText(String(err), 120)}`);
    return { record: rec, outcome: 'malformed', referral: null };
  }
}
