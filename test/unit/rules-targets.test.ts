// Block targets: validation, scope filtering and aggregation into the fewest CIDRs.
import { describe, expect, it } from 'vitest';
import { buildTargets, splitRange, type TargetSource } from '../../src-main/rules/targets.ts';
import { parseCidr } from '../../src-main/enrich/cidr.ts';

const src = (...texts: string[]): TargetSource[] => texts.map((text) => ({ text, why: `finding ${text}` }));
const cidrs = (t: ReturnType<typeof buildTargets>) => [...t.v4, ...t.v6].map((e) => e.cidr);

describe('buildTargets', () => {
  it('merges adjacent /25s into one /24', () => {
    const t = buildTargets(src('8.8.4.0/25', '8.8.4.128/25'));
    expect(cidrs(t)).toEqual(['8.8.4.0/24']);
    expect(t.v4[0].comment).toBe('finding 8.8.4.0/25, finding 8.8.4.128/25');
  });

  it('merges overlapping ranges and splits the union into maximal aligned blocks', () => {
    const t = buildTargets(src('8.8.4.0/24', '8.8.4.128/25', '8.8.5.0/24', '8.8.6.0/25'));
    // 8.8.4.0–8.8.6.127: a /23 then a /25.
    expect(cidrs(t)).toEqual(['8.8.4.0/23', '8.8.6.0/25']);
    expect(t.dropped).toEqual([{ item: '8.8.4.128/25', reason: 'inside 8.8.4.0/24' }]);
  });

  it('handles ranges (ASN prefixes) that are not CIDR aligned', () => {
    const r = parseCidr('1.1.1.0/24')!;
    const t = buildTargets([{ range: { family: 4, lo: r.lo + 1n, hi: r.hi }, why: 'AS13335' }]);
    expect(cidrs(t)).toEqual(['1.1.1.1/32', '1.1.1.2/31', '1.1.1.4/30', '1.1.1.8/29', '1.1.1.16/28', '1.1.1.32/27', '1.1.1.64/26', '1.1.1.128/25']);
  });

  it('keeps IPv6 apart and merges it too', () => {
    const t = buildTargets(src('2a00:1450::/33', '2a00:1450:8000::/33', '8.8.8.8'));
    expect(t.v6.map((e) => e.cidr)).toEqual(['2a00:1450::/32']);
    expect(t.v4.map((e) => e.cidr)).toEqual(['8.8.8.8/32']);
  });

  it('reports duplicates and a /32 inside a /24, blocking each address once', () => {
    const t = buildTargets(src('9.9.9.9', '9.9.9.9', '9.9.9.0/24'));
    expect(cidrs(t)).toEqual(['9.9.9.0/24']);
    expect(t.dropped).toEqual([{ item: '9.9.9.9', reason: 'inside 9.9.9.0/24' }, { item: '9.9.9.9', reason: 'inside 9.9.9.0/24' }]);
    expect(buildTargets(src('9.9.9.9', '9.9.9.9')).dropped).toEqual([{ item: '9.9.9.9', reason: 'duplicate' }]);
  });

  it('drops internal and special addresses with the reason, unless internal is allowed', () => {
    const t = buildTargets(src('10.1.2.3', '192.168.0.0/16', '127.0.0.1', 'fe80::1', '224.0.0.1', 'not-an-ip', '8.8.8.8'));
    expect(cidrs(t)).toEqual(['8.8.8.8/32']);
    expect(t.dropped.map((d) => [d.item, d.reason.split(' ')[0]])).toEqual([
      ['10.1.2.3', 'internal'], ['192.168.0.0/16', 'internal'], ['127.0.0.1', 'loopback'], ['fe80::1', 'link-local'],
      ['224.0.0.1', 'multicast'], ['not-an-ip', 'not'],
    ]);
    const inc = buildTargets(src('10.1.2.3', '127.0.0.1'), { includeInternal: true });
    expect(cidrs(inc)).toEqual(['10.1.2.3/32']);
    expect(inc.dropped[0].reason).toMatch(/^loopback/);
  });

  it('catches a wide CIDR that merely contains a special range, the case networks, and absurdly broad blocks', () => {
    const t = buildTargets(src('198.0.0.0/8', '0.0.0.0/0', '::/0', '5.0.0.0/16'), { internal: [parseCidr('5.0.3.0/24')!] });
    expect(cidrs(t)).toEqual([]);
    expect(t.dropped.map((d) => d.reason)).toEqual(['documentation (198.18.0.0)', 'broader than /8', 'broader than /16', 'internal (5.0.3.0); use --include-internal']);
  });

  it('sanitises the why into the comment', () => {
    const t = buildTargets([{ text: '8.8.8.8', why: 'Evil"; rm -rf / #' }]);
    expect(t.v4[0].comment).toBe('Evil__ rm -rf / _');
  });
});

describe('splitRange', () => {
  it('covers exactly and minimally', () => {
    expect(splitRange(0n, 0xffffffffn, 4).map((b) => b.cidr)).toEqual(['0.0.0.0/0']);
    expect(splitRange(5n, 10n, 4).map((b) => b.cidr)).toEqual(['0.0.0.5/32', '0.0.0.6/31', '0.0.0.8/31', '0.0.0.10/32']);
    const v6 = splitRange(0n, (1n << 128n) - 2n, 6);
    expect(v6.length).toBe(128);
    expect(v6[0].cidr).toBe('::/1');
  });
});

describe('buildTargets on large lists', () => {
  // A seeded generator, so a failure can be replayed.
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  }

  /** What the report must say, worked out the slow way: every pair compared. */
  function expectedDropped(sources: TargetSource[]): Array<{ item: string; reason: string }> {
    return sources.flatMap((s, i) => {
      const r = s.range!;
      const holders = sources.filter((o) => o.range!.lo <= r.lo && o.range!.hi >= r.hi && (o.range!.lo !== r.lo || o.range!.hi !== r.hi))
        .sort((a, b) => (a.range!.hi > b.range!.hi ? -1 : a.range!.hi < b.range!.hi ? 1 : a.range!.lo < b.range!.lo ? -1 : a.range!.lo > b.range!.lo ? 1 : 0));
      const labelOf = (x: TargetSource) => buildTargets([{ ...x, why: '' }]).v4.map((e) => e.cidr).join('|');
      if (holders.length) return [{ item: labelOf(s), reason: `inside ${labelOf(holders[0])}` }];
      if (sources.slice(0, i).some((o) => o.range!.lo === r.lo && o.range!.hi === r.hi)) return [{ item: labelOf(s), reason: 'duplicate' }];
      return [];
    });
  }

  it('reports every range inside a wider one (the widest named) and every repeat, as comparing each pair would', () => {
    const next = rng(7);
    // Aligned blocks of /22 to /32 in a small space, so that nesting, overlap and repeats are common.
    const sources: TargetSource[] = Array.from({ length: 400 }, () => {
      const prefix = 22 + Math.floor(next() * 11);
      const size = 2n ** BigInt(32 - prefix);
      const lo = 0x08080000n + (BigInt(Math.floor(next() * 4096)) / size) * size;
      return { range: { family: 4, lo, hi: lo + size - 1n }, why: '' };
    });
    const t = buildTargets(sources);
    expect(t.dropped.length).toBeGreaterThan(50);
    expect(t.dropped).toEqual(expectedDropped(sources));
  });

  it('aggregates 120,000 prefixes, each block carrying the reasons of the prefixes it covers', () => {
    // 120,000 adjacent /28s (two "ASNs", alternating every 1,000) and one /16 around the first 4,096 of them.
    const base = 0x0b000000n;
    const sources: TargetSource[] = Array.from({ length: 120_000 }, (_, i) => ({
      range: { family: 4, lo: base + BigInt(i) * 16n, hi: base + BigInt(i) * 16n + 15n }, why: `AS${64500 + (Math.floor(i / 1000) % 2)}`,
    }));
    sources.push({ text: '11.0.0.0/16', why: 'finding' });
    const t = buildTargets(sources);
    // 120,000 × 16 addresses from 11.0.0.0: 11.0.0.0–11.29.75.255, in the fewest aligned blocks.
    expect(t.v4.map((e) => e.cidr)).toEqual(splitRange(base, base + 120_000n * 16n - 1n, 4).map((b) => b.cidr));
    expect(t.dropped.length).toBe(4096);
    expect(t.dropped[0]).toEqual({ item: '11.0.0.0/28', reason: 'inside 11.0.0.0/16' });
    expect(t.v4[0].comment).toBe('AS64500, finding, AS64501');
    expect(t.v4.at(-1)!.comment).toBe('AS64501');
  });
});
