// What a rule does when it matches, and the tokenizer the rule readers share.
import type { Condition } from './packet.ts';

export type Verdict =
  | { kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; chain: string }
  /** The outcome is decided elsewhere (NFQUEUE) or by a target replay does not model. */
  | { kind: 'undecided'; why: string };

export interface CompiledRule {
  conds: Condition[];
  verdict: Verdict;
}

/** Targets that only act on the packet (log, mark, count…) and let it go on to the next rule. */
export const NON_TERMINAL = new Set([
  'LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'TRACE', 'AUDIT', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'TCPMSS', 'SET', 'CT',
  'NOTRACK', 'CHECKSUM', 'SECMARK', 'CONNSECMARK', 'IDLETIMER', 'LED', 'RATEEST', 'TEE', 'SYNPROXY_NOT', 'HMARK', 'CONNLIMIT',
]);

export const TERMINAL: Record<string, Verdict> = {
  ACCEPT: { kind: 'accept' }, DROP: { kind: 'drop' }, REJECT: { kind: 'reject' }, RETURN: { kind: 'return' },
};

/**
 * Words and "quoted strings" (unquoted). With `punct` (nft), { } , ( ) | are tokens of their own;
 * iptables keeps commas inside words (`-s a,b`, `--ctstate NEW,ESTABLISHED`).
 */
export function tokenize(text: string, punct = false): string[] {
  const P = punct ? '{},()|' : '';
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (P.includes(c)) { out.push(c); i++; continue; }
    if (c === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        s += text[i++];
      }
      i++;
      out.push(s);
      continue;
    }
    let s = '';
    while (i < text.length && !/\s/.test(text[i]) && text[i] !== '"' && !P.includes(text[i])) s += text[i++];
    out.push(s);
  }
  return out;
}
