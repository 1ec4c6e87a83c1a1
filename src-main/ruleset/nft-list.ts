// Parser of `nft -a list ruleset` output: tables, chains with their policy, rules with their handle.
import { wordAfter, type RulesetParser, type RulesetRow } from './ruleset-types.ts';

const VERDICT = /\b(accept|drop|reject|return|continue|queue|masquerade|redirect|(?:jump|goto)\s+\S+|[sd]nat(?:\s+to)?)\b/g;

function verdictOf(rule: string): string | null {
  const all = [...rule.matchAll(VERDICT)].map((m) => m[1]);
  // The last verdict statement wins; a rule that only logs shows "log".
  return all.length ? all[all.length - 1] : /\blog\b/.test(rule) ? 'log' : null;
}

/** Net braces opened on a line (a one-line `set x { … }` opens none). */
const braces = (line: string) => (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);

/** A named set as one row: its type and flags, and its elements as written (the replay reads them). */
function setRow(family: string, table: string, name: string, handle: number | null, body: string): RulesetRow {
  const text = body.replace(/\}\s*$/, '').replace(/\s+/g, ' ').trim();
  const type = /\btype\s+([^;{}]+?)\s*(?:;|flags|elements|$)/.exec(text)?.[1].trim() ?? null;
  return { family, table, chain: name, kind: 'set', position: null, handle, text, target: type, log_prefix: null, packets: null, bytes: null };
}

export const nftList: RulesetParser = {
  format: 'nft',
  detect: (text) => /^table\s+\S+(\s+\S+)?\s*\{/m.test(text),
  parse(text) {
    const rows: RulesetRow[] = [];
    let family = '', table = '', chain: string | null = null, position = 0;
    // Depth of blocks that are not chains (sets, maps, flowtables…): their lines are not rules.
    let other = 0;
    // A named set being read: its lines are gathered until its block closes.
    let set: { name: string; handle: number | null; body: string[] } | null = null;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      if (other) {
        other += braces(line);
        if (set) set.body.push(line);
        if (!other && set) {
          rows.push(setRow(family, table, set.name, set.handle, set.body.join(' ')));
          set = null;
        }
        continue;
      }
      const st = !chain ? /^set\s+(\S+)\s*\{(.*)$/.exec(line) : null;
      if (st) {
        const h = /#\s*handle\s+(\d+)/.exec(line);
        set = { name: st[1], handle: h ? Number(h[1]) : null, body: [st[2].replace(/#\s*handle\s+\d+/, '')] };
        other = braces(line);
        if (!other) {
          rows.push(setRow(family, table, set.name, set.handle, set.body.join(' ')));
          set = null;
        }
        continue;
      }
      const t = /^table\s+(?:(\S+)\s+)?(\S+)\s*\{/.exec(line);
      if (t) {
        family = t[1] ?? 'ip';
        table = t[2];
        continue;
      }
      const c = /^chain\s+(\S+)\s*\{/.exec(line);
      if (c) {
        chain = c[1];
        position = 0;
        continue;
      }
      if (line.startsWith('}')) {
        chain = null;
        continue;
      }
      if (!chain) {
        other = Math.max(0, braces(line));
        continue;
      }
      const pol = /\bpolicy\s+(\w+)\s*;/.exec(line);
      if (/^type\s/.test(line)) {
        // A base chain without a written policy accepts (nft's default); replay needs that end too.
        if (pol || /\bhook\s/.test(line)) rows.push({ family, table, chain, kind: 'policy', position: null, handle: null, text: line, target: pol?.[1] ?? 'accept', log_prefix: null, packets: null, bytes: null });
        continue;
      }
      const h = /\s*#\s*handle\s+(\d+)\s*$/.exec(line);
      const body = h ? line.slice(0, h.index).trim() : line;
      const ctr = /\bcounter\s+packets\s+(\d+)\s+bytes\s+(\d+)/.exec(body);
      position++;
      rows.push({
        family, table, chain, kind: 'rule', position, handle: h ? Number(h[1]) : null,
        text: body, target: verdictOf(body), log_prefix: wordAfter(body, /\blog\s+prefix/),
        packets: ctr ? Number(ctr[1]) : null, bytes: ctr ? Number(ctr[2]) : null,
      });
    }
    return rows;
  },
};
