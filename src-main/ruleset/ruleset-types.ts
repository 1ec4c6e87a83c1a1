// Shared shapes of a parsed firewall ruleset (iptables-save, iptables -L, nft list ruleset).

/**
 * One rule, one chain policy (kind 'policy', position null), or one nft named set (kind 'set': chain is the
 * set's name, target its type, text its definition with the elements as the dump showed them).
 */
export interface RulesetRow {
  /** ip, ip6, inet, arp, bridge, netdev (nft families; iptables dumps give ip or ip6). */
  family: string;
  table: string;
  chain: string;
  kind: 'rule' | 'policy' | 'set';
  /** 1-based place in its chain: the number TRACE lines and --line-numbers give the rule. */
  position: number | null;
  /** nft `# handle N`. */
  handle: number | null;
  text: string;
  /** -j/-g target, nft verdict, or the policy (ACCEPT, DROP…). */
  target: string | null;
  log_prefix: string | null;
  /** null when the dump carried no counters for this row. */
  packets: number | null;
  bytes: number | null;
}

export interface RulesetParser {
  format: string;
  detect(text: string): boolean;
  parse(text: string, opts?: { table?: string }): RulesetRow[];
}

/** A quoted ("…" with \" escapes) or bare word after `key`, e.g. --log-prefix "DRP: " or prefix "x". */
export function wordAfter(text: string, key: RegExp): string | null {
  const m = new RegExp(key.source + String.raw`\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))`).exec(text);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** iptables -L counts without -x: 12K, 3M… (powers of 1000, as iptables prints them). */
export function countNumber(s: string): number | null {
  const m = /^(\d+)([KMGTP]?)$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 1000 ** ' KMGTP'.indexOf(m[2] || ' ');
}
