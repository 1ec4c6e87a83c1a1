// Parser of `iptables-save` / `ip6tables-save` output (with or without -c counters).
import { wordAfter, type RulesetParser, type RulesetRow } from './ruleset-types.ts';

const RULE = /^(?:\[(\d+):(\d+)\]\s+)?-A\s+(\S+)(?:\s+(.*))?$/;
const POLICY = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/;

function familyOf(text: string): string {
  // The header names the tool; else IPv6 addresses in -s/-d give ip6tables-save away.
  if (/^#.*ip6tables-save/m.test(text)) return 'ip6';
  if (/^#.*iptables-save/m.test(text)) return 'ip';
  return /\s-[sd]\s+[0-9a-f]*:[0-9a-f:]*[/\s]/i.test(text) ? 'ip6' : 'ip';
}

export const iptablesSave: RulesetParser = {
  format: 'iptables-save',
  detect: (text) => /^\*[a-z]+\s*$/m.test(text) && /^(?:\[\d+:\d+\]\s+)?-A\s/m.test(text) || /^\*[a-z]+\s*$/m.test(text) && /^COMMIT\s*$/m.test(text),
  parse(text) {
    const family = familyOf(text);
    const rows: RulesetRow[] = [];
    const counts = new Map<string, number>();
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
      const chain = r[3];
      const key = `${table}\0${chain}`;
      const position = (counts.get(key) ?? 0) + 1;
      counts.set(key, position);
      const spec = r[4] ?? '';
      rows.push({
        family, table, chain, kind: 'rule', position, handle: null,
        text: `-A ${chain}${spec ? ' ' + spec : ''}`,
        target: /(?:^|\s)-[jg]\s+(\S+)/.exec(spec)?.[1] ?? null,
        log_prefix: wordAfter(spec, /--(?:log|nflog)-prefix/),
        packets: r[1] !== undefined ? Number(r[1]) : null,
        bytes: r[2] !== undefined ? Number(r[2]) : null,
      });
    }
    return rows;
  },
};
