// Picks the parser whose detect() accepts a dump, and parses it.
import { iptablesSave } from './iptables-save.ts';
import { iptablesList } from './iptables-list.ts';
import { nftList } from './nft-list.ts';
import type { RulesetParser, RulesetRow } from './ruleset-types.ts';

// iptables -L first: its extra column may hold text that looks like nothing else, but nothing else has "num pkts".
export const PARSERS: RulesetParser[] = [iptablesList, iptablesSave, nftList];

export function parseRuleset(text: string, opts: { table?: string } = {}): { format: string; rows: RulesetRow[] } | null {
  const p = PARSERS.find((x) => x.detect(text));
  return p ? { format: p.format, rows: p.parse(text, opts) } : null;
}
