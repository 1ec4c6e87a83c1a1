// Parser of `iptables-save` / `ip6tables-save` output (with or without -c counters).
import { wordAfter, type RulesetParser, type RulesetRow } from './ruleset-types.ts';

// -A appends; -I CHAIN [N] inserts (restore files written for --noflush use it).
const RULE = /^(?:\[(\d+):(\d+)\]\s+)?-([AI])\s+(\S+)(?:\s+(\d+)(?=\s|$))?(?:\s+(.*))?$/;
const POLICY = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/;

function familyOf(text: string): string {
  // The header names the tool; else IPv6 addresses in -s/-d give ip6tables-save away.
  if (/^#.*ip6tables-save/m.test(text)) return 'ip6';
  if (/^#.*iptables-save/m.test(text)) return 'ip';
  return /\s-[sd]\s+[0-9a-f]*:[0-9a-f:]*[/\s]/i.test(text) ? 'ip6' : 'ip';
}

export const iptablesSave: RulesetParser = {
  format: 'iptables-save',
  detect: (text) => /^\*[a-z]+\s*$/m.test(text) && /^(?:\[\d+:\d+\]\s+)?-[AI]\s/m.test(text) || /^\*[a-z]+\s*$/m.test(text) && /^COMMIT\s*$/m.test(text),
  parse(text) {
    const family = familyOf(text);
    const rows: RulesetRow[] = [];
    // Rules per table and chain, in chain order; policies go first in rows.
    const chains = new Map<string, RulesetRow[]>();
    let table = '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line === 'COMMIT') continue;
      if (line.startsWith('*')) {
        table = line.slice(1);
        continue;
      }
      const p = POLICY.exec(line);
      if (p) {
        // User chains show "-": they have no policy, only a return at their end.
        if (p[2] !== '-') {
          rows.push({ family, table, chain: p[1], kind: 'policy', position: null, handle: null, text: line, target: p[2],
            log_prefix: null, packets: p[3] ? Number(p[3]) : null, bytes: p[4] ? Number(p[4]) : null });
        }
        continue;
      }
      const r = RULE.exec(line);
      if (!r) continue;
      const [, pk, by, op, chain, at, spec = ''] = r;
      const k = `${table}\0${chain}`;
      const list = chains.get(k) ?? [];
      chains.set(k, list);
      const row: RulesetRow = {
        family, table, chain, kind: 'rule', position: null, handle: null,
        text: `-${op} ${chain}${op === 'I' && at ? ` ${at}` : ''}${spec ? ' ' + spec : ''}`,
        target: /(?:^|\s)-[jg]\s+(\S+)/.exec(spec)?.[1] ?? null,
        log_prefix: wordAfter(spec, /--(?:log|nflog)-prefix/),
        packets: pk !== undefined ? Number(pk) : null,
        bytes: by !== undefined ? Number(by) : null,
      };
      // An insert pushes the rules after it down one place, as in the kernel's chain.
      if (op === 'I') list.splice(Math.min(Number(at ?? 1), list.length + 1) - 1, 0, row);
      else list.push(row);
    }
    for (const list of chains.values()) list.forEach((x, i) => { x.position = i + 1; rows.push(x); });
    return rows;
  },
};
