// Outbound flow tuples → the allow-list model, grouped by source and destination granularity.
import { mergeRanges, numberToAddress } from '../enrich/cidr.ts';
import type { OutboundTuple } from '../db/allow-queries.ts';
import { splitRange } from './targets.ts';
import { sanitizeComment } from './sanitize-comment.ts';
import { checkRule, PROTO_NUM, type AllowProto, type AllowRule, type AllowRuleset, type DestBy, type GroupBy } from './allow-model.ts';

const NUM_PROTO = new Map<number, AllowProto>(Object.entries(PROTO_NUM).map(([k, v]) => [v, k as AllowProto]));

export interface BuildOptions {
  group: GroupBy;
  dest: DestBy;
  /** Ranges that are not external (see AllowRuleset.passthrough). */
  notExternal?: Array<{ family: 4 | 6; lo: bigint; hi: bigint }>;
  /** Refuse a list naming more destinations than this in all (no review reads it, and the script would not fit a message). */
  maxEntries?: number;
}

/** A list too large to be of use; `code` is the app's error code for it. */
export class AllowTooLarge extends Error {
  readonly code = 'TOO_LARGE';
}
export interface BuildResult { ruleset: AllowRuleset; notes: string[] }
/** Prefixes of an ASN for one family; injected so building stays pure and testable. */
export type AsnLookup = (asn: number, family: 4 | 6) => Array<{ lo: bigint; hi: bigint }>;

function prefixOf(n: bigint, family: 4 | 6, prefix: number): string {
  const bits = family === 4 ? 32 : 128;
  const host = BigInt(bits - prefix);
  return `${numberToAddress((n >> host) << host, family)}/${prefix}`;
}

// `/24` for IPv4 sources is the usual LAN; for IPv6 the equivalent is the /64 a LAN is given.
function srcKey(t: OutboundTuple, g: GroupBy): string {
  if (g === 'any') return t.family === 4 ? '0.0.0.0/0' : '::/0';
  if (g === '/24') return prefixOf(t.src_num, t.family, t.family === 4 ? 24 : 64);
  return prefixOf(t.src_num, t.family, t.family === 4 ? 32 : 128);
}

function dstKey(t: OutboundTuple, d: DestBy, asns: AsnLookup, notes: Set<string>): { key: string; cidrs: string[]; why: string } {
  const host = prefixOf(t.dst_num, t.family, t.family === 4 ? 32 : 128);
  if (d === 'any') return { key: 'any', cidrs: [t.family === 4 ? '0.0.0.0/0' : '::/0'], why: 'any destination' };
  if (d === 'cidr24') {
    const c = prefixOf(t.dst_num, t.family, t.family === 4 ? 24 : 48);
    return { key: c, cidrs: [c], why: '' };
  }
  if (d === 'asn') {
    const ranges = t.dst_asn === null ? [] : asns(t.dst_asn, t.family);
    if (ranges.length) {
      // The fewest CIDRs, never overlapping (nft refuses overlaps in a set).
      const cidrs = fewestCidrs(ranges.map((r) => ({ ...r, family: t.family })));
      return { key: `AS${t.dst_asn}`, cidrs, why: `AS${t.dst_asn} ${t.dst_org ?? ''}` };
    }
    notes.add(`${t.dst}: no ASN prefixes known (run fwlens enrich); allowed as the address alone`);
  }
  return { key: host, cidrs: [host], why: '' };
}

/** Groups tuples into rules as they come (in batches, from a feed); flows of protocols the model cannot express are left out and said in notes. */
export class AllowBuilder {
  private readonly notes = new Set<string>();
  private readonly byKey = new Map<string, { rule: Omit<AllowRule, 'id' | 'comment'>; whys: Set<string>; flows: number }>();
  private readonly asnKeys = new Map<string, { key: string; cidrs: string[]; why: string }>();
  /** Tuples seen so far. */
  seen = 0;

  constructor(private readonly o: BuildOptions, private readonly asns: AsnLookup) {}

  add(tuples: OutboundTuple[]): void {
    const { o, notes } = this;
    for (const t of tuples) {
      this.seen++;
      const proto = NUM_PROTO.get(t.proto_num);
      if (!proto || (proto === 'icmp' && t.family !== 4) || (proto === 'icmpv6' && t.family !== 6)) {
        notes.add(`protocol ${t.proto_num} (IPv${t.family}) is not modelled; its flows stay denied`);
        continue;
      }
      const dport = proto === 'tcp' || proto === 'udp' ? t.dport : null;
      if ((proto === 'tcp' || proto === 'udp') && (dport === null || dport < 1 || dport > 65535)) {
        notes.add(`${t.src} → ${t.dst} ${proto}: no destination port; left out`);
        continue;
      }
      const src = srcKey(t, o.group);
      // An ASN's merged prefix list is the same for every flow to it: worked out once.
      const ck = o.dest === 'asn' && t.dst_asn !== null ? `${t.dst_asn}/${t.family}` : null;
      let dst = ck ? this.asnKeys.get(ck) : undefined;
      if (!dst) {
        dst = dstKey(t, o.dest, this.asns, notes);
        if (ck && dst.key.startsWith('AS')) this.asnKeys.set(ck, dst);
      }
      const key = [t.family, src, proto, dport ?? '', dst.key].join('|');
      const have = this.byKey.get(key);
      if (have) {
        have.flows += t.flows;
        if (dst.why) have.whys.add(dst.why);
      } else this.byKey.set(key, { rule: { family: t.family, src, proto, dport, dst: dst.cidrs }, whys: new Set(dst.why ? [dst.why] : []), flows: t.flows });
    }
  }

  finish(): BuildResult {
    const { o, byKey } = this;
    const entries = [...byKey.values()].reduce((n, e) => n + e.rule.dst.length, 0);
    if (o.maxEntries !== undefined && entries > o.maxEntries) {
      throw new AllowTooLarge(`the allow-list would have ${byKey.size.toLocaleString('en')} rules naming ${entries.toLocaleString('en')} destinations (at most ${o.maxEntries.toLocaleString('en')}): ${COARSER}`);
    }
    const rules = [...byKey.values()].map((e, i) => {
      // The destinations are canonical CIDRs made here, one array shared by every rule to the same ASN:
      // checked once through the first, and kept shared (a copy per rule ran out of memory on a busy day).
      const r = checkRule({ ...e.rule, dst: e.rule.dst.slice(0, 1), id: i + 1, comment: sanitizeComment(`${e.flows} flow${e.flows === 1 ? '' : 's'}${e.whys.size ? `, ${[...e.whys].join(', ')}` : ''}`, 100) }, `rule ${i + 1}`);
      return { ...r, dst: e.rule.dst };
    });
    const passthrough = fewestCidrs(o.notExternal ?? []);
    return { ruleset: { kind: 'fwlens-allow', version: 1, default: 'drop', group: o.group, dest: o.dest, passthrough, rules }, notes: [...this.notes] };
  }
}

/** What to do about a list too large, said with the refusal. */
export const COARSER = 'group the sources by /24 or any, or the destinations by /24';

export function buildAllow(tuples: OutboundTuple[], o: BuildOptions, asns: AsnLookup): BuildResult {
  const b = new AllowBuilder(o, asns);
  b.add(tuples);
  return b.finish();
}

/** Ranges merged where they touch or overlap, then cut into the fewest CIDRs (nft refuses overlapping set elements). */
export function fewestCidrs(ranges: Array<{ family: 4 | 6; lo: bigint; hi: bigint }>): string[] {
  const out: string[] = [];
  for (const family of [4, 6] as const) {
    for (const m of mergeRanges(ranges.filter((r) => r.family === family))) out.push(...splitRange(m.lo, m.hi, family).map((b) => b.cidr));
  }
  return out;
}
