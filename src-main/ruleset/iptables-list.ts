// Parser of `iptables -L -v -n --line-numbers` output; it names no table, so the caller says which.
import { countNumber, wordAfter, type RulesetParser, type RulesetRow } from './ruleset-types.ts';

const CHAIN = /^Chain\s+(\S+)\s+\((?:policy\s+(\S+)\s+(\S+)\s+packets,\s+(\S+)\s+bytes|.*references)\)/;
const OPT = /^(--|-f|!f)$/;

export const iptablesList: RulesetParser = {
  format: 'iptables-list',
  detect: (text) => /^Chain\s+\S+\s+\(/m.test(text) && /^num\s+pkts\s+bytes\s+target/m.test(text),
  parse(text, opts = {}) {
    const table = opts.table ?? 'filter';
    // No header names the tool: IPv6 addresses (::/0) give ip6tables away.
    const family = /^\d+\s.*\s::\/0\s/m.test(text) || /^\d+\s.*\s[0-9a-f]*:[0-9a-f:]+\/\d+\s/im.test(text) ? 'ip6' : 'ip';
    const rows: RulesetRow[] = [];
    let chain = '';
    for (const raw of text.split(/\r?\n/)) {
      const c = CHAIN.exec(raw);
      if (c) {
        chain = c[1];
        if (c[2]) {
          rows.push({ family, table, chain, kind: 'policy', position: null, handle: null, text: raw.trim(), target: c[2],
            log_prefix: null, packets: countNumber(c[3]), bytes: countNumber(c[4]) });
        }
        continue;
      }
      const t = raw.trim().split(/\s+/);
      if (!chain || !/^\d+$/.test(t[0] ?? '') || t.length < 9) continue;
      // A rule without -j prints an empty target column: the opt column then comes one earlier.
      const hasTarget = !OPT.test(t[4]) && OPT.test(t[5] ?? '');
      const target = hasTarget ? t[3] : null;
      const rest = t.slice(hasTarget ? 4 : 3);
      rows.push({
        family, table, chain, kind: 'rule', position: Number(t[0]), handle: null,
        text: [target ?? '', ...rest].join(' ').trim(),
        target,
        log_prefix: wordAfter(rest.slice(6).join(' '), /(?:^|\s)prefix/),
        packets: countNumber(t[1]),
        bytes: countNumber(t[2]),
      });
    }
    return rows;
  },
};
