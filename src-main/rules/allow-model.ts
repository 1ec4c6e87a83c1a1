// The allow-list model shared by `rules allow` (writes it as FILE.rules.json) and `rules replay` (reads it back).
import { parseCidr } from '../enrich/cidr.ts';
import { sanitizeComment } from './sanitize-comment.ts';

export type AllowProto = 'tcp' | 'udp' | 'icmp' | 'icmpv6';
export type GroupBy = 'host' | '/24' | 'any';
export type DestBy = 'address' | 'cidr24' | 'asn' | 'any';

export const PROTO_NUM: Record<AllowProto, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };
export const GROUPS: GroupBy[] = ['host', '/24', 'any'];
export const DESTS: DestBy[] = ['address', 'cidr24', 'asn', 'any'];

/** One accept rule: src CIDR, protocol, destination port (tcp/udp only; null = any), destination CIDRs. */
export interface AllowRule {
  id: number;
  family: 4 | 6;
  src: string;
  proto: AllowProto;
  dport: number | null;
  /** One or more CIDRs (an ASN gives several); a flow matches when its destination is in any of them. */
  dst: string[];
  comment: string;
}

export interface AllowRuleset {
  kind: 'fwlens-allow';
  version: 1;
  /** What happens to traffic no rule accepts. Replay only models `drop`. */
  default: 'drop';
  group: GroupBy;
  dest: DestBy;
  /**
   * Destinations the list does not filter: everything not external (private, loopback, link-local,
   * multicast…, and the case's internal networks), fewest CIDRs. Without it a router would drop LAN-to-LAN
   * forwarding, which the model never saw as outbound. Older files lack it (read as none).
   */
  passthrough: string[];
  rules: AllowRule[];
}

function fail(where: string, what: string): never {
  throw new Error(`${where}: ${what}`);
}

/** A CIDR of the rule's family, in canonical text (host bits cleared), or an error. */
function cidrOf(text: unknown, family: 4 | 6, where: string): string {
  const c = typeof text === 'string' ? parseCidr(text) : null;
  if (!c) fail(where, `not a CIDR: ${JSON.stringify(text)}`);
  if (c.family !== family) fail(where, `${c.text} is not IPv${family}`);
  return c.text;
}

/** Checks one rule completely, so renderers and SQL only ever see validated values. */
export function checkRule(r: unknown, where: string): AllowRule {
  if (!r || typeof r !== 'object') fail(where, 'not an object');
  const o = r as Record<string, unknown>;
  if (!Number.isInteger(o.id) || (o.id as number) < 1) fail(where, 'id must be a positive whole number');
  if (o.family !== 4 && o.family !== 6) fail(where, 'family must be 4 or 6');
  const family = o.family;
  if (typeof o.proto !== 'string' || !(o.proto in PROTO_NUM)) fail(where, `proto must be one of ${Object.keys(PROTO_NUM).join(', ')}`);
  const proto = o.proto as AllowProto;
  if ((proto === 'icmp' && family !== 4) || (proto === 'icmpv6' && family !== 6)) fail(where, `${proto} does not go with IPv${family}`);
  let dport: number | null = null;
  if (o.dport !== null && o.dport !== undefined) {
    if (proto !== 'tcp' && proto !== 'udp') fail(where, 'only tcp and udp rules take a dport');
    if (!Number.isInteger(o.dport) || (o.dport as number) < 1 || (o.dport as number) > 65535) fail(where, 'dport must be 1-65535');
    dport = o.dport as number;
  }
  if (!Array.isArray(o.dst) || !o.dst.length) fail(where, 'dst must be a non-empty list of CIDRs');
  const dst = o.dst.map((d, i) => cidrOf(d, family, `${where} dst[${i}]`));
  return { id: o.id as number, family, src: cidrOf(o.src, family, `${where} src`), proto, dport, dst, comment: sanitizeComment(String(o.comment ?? ''), 100) };
}

/** CIDRs only, canonical text, so renderers never see anything else. */
export function checkPassthrough(list: unknown): string[] {
  if (!Array.isArray(list)) throw new Error('passthrough must be a list of CIDRs');
  return list.map((t, i) => {
    const c = typeof t === 'string' ? parseCidr(t) : null;
    if (!c) throw new Error(`passthrough[${i}]: not a CIDR: ${JSON.stringify(t)}`);
    return c.text;
  });
}

/** Parses and validates a ruleset (e.g. FILE.rules.json); anything unexpected is an error, never ignored. */
export function parseRuleset(text: string): AllowRuleset {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  if (!o || typeof o !== 'object' || o.kind !== 'fwlens-allow' || o.version !== 1) throw new Error('not an fwlens allow ruleset (kind "fwlens-allow", version 1)');
  if (o.default !== 'drop') throw new Error('only default "drop" rulesets can be replayed');
  if (!GROUPS.includes(o.group as GroupBy) || !DESTS.includes(o.dest as DestBy)) throw new Error('group/dest not recognised');
  if (!Array.isArray(o.rules)) throw new Error('rules must be a list');
  const rules = o.rules.map((r, i) => checkRule(r, `rule ${i + 1}`));
  if (new Set(rules.map((r) => r.id)).size !== rules.length) throw new Error('rule ids must be unique');
  const passthrough = checkPassthrough(o.passthrough ?? []);
  return { kind: 'fwlens-allow', version: 1, default: 'drop', group: o.group as GroupBy, dest: o.dest as DestBy, passthrough, rules };
}
