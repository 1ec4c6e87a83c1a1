// The netfilter LOG prefix: what the verdict words in it say (action) and the TRACE target's rule position.

import type { Action, EventRecord } from '../shared/model.ts';

/** What a prefix tells; shared between all records carrying the same prefix text. */
interface PrefixInfo {
  /** The prefix string itself, interned so a million records share one copy. */
  text: string;
  action: Action;
  traceTable: string | null;
  traceChain: string | null;
  traceType: string | null;
  traceRule: number | null;
}

/*
 * Verdict words, matched whole and case-insensitively. `log` alone is deliberately absent:
 * a bare `LOG` prefix only says a LOG rule fired, not what happened to the packet.
 */
const WORDS = new Map<string, Action>([
  ['drop', 'DROP'], ['drp', 'DROP'], ['dropped', 'DROP'], ['deny', 'DROP'], ['denied', 'DROP'], ['block', 'DROP'], ['blocked', 'DROP'],
  ['reject', 'REJECT'], ['rejected', 'REJECT'], ['rej', 'REJECT'],
  ['accept', 'ACCEPT'], ['accepted', 'ACCEPT'], ['acc', 'ACCEPT'], ['allow', 'ACCEPT'], ['allowed', 'ACCEPT'],
  ['pass', 'ACCEPT'], ['passed', 'ACCEPT'], ['permit', 'ACCEPT'], ['permitted', 'ACCEPT'],
  ['audit', 'LOG'], ['trace', 'LOG'],
]);

/** Ubiquiti/EdgeOS rule logs end in `-A]`, `-D]` or `-R]` (`[WAN_OUT-2000-A]`). */
const EDGE_SUFFIX = new Map<string, Action>([['A', 'ACCEPT'], ['D', 'DROP'], ['R', 'REJECT']]);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function inferAction(prefix: string): Action {
  const n = prefix.length;
  if (n >= 4 && prefix.charCodeAt(n - 1) === 93 /* ] */ && prefix.charCodeAt(n - 3) === 45 /* - */) {
    const a = EDGE_SUFFIX.get(prefix[n - 2]);
    if (a !== undefined) return a;
  }
  // A verdict word beats an audit word ("LOG DROP" dropped the packet); the first verdict wins.
  let weak: Action = 'unknown';
  let i = 0;
  while (i < n) {
    while (i < n && !isLetter(prefix.charCodeAt(i))) i++;
    const s = i;
    while (i < n && isLetter(prefix.charCodeAt(i))) i++;
    if (i === s) break;
    const a = WORDS.get(prefix.slice(s, i).toLowerCase());
    if (a === undefined) continue;
    if (a !== 'LOG') return a;
    weak = a;
  }
  return weak;
}

function analyse(text: string): PrefixInfo {
  const info: PrefixInfo = {
    text, action: inferAction(text),
    traceTable: null, traceChain: null, traceType: null, traceRule: null,
  };
  // iptables TRACE target: `TRACE: <table>:<chain>:<rule|return|policy>:<rulenum>`.
  if (text.startsWith('TRACE: ')) {
    const parts = text.slice(7).trim().split(':');
    if (parts.length === 4) {
      info.traceTable = parts[0];
      info.traceChain = parts[1];
      info.traceType = parts[2];
      const r = Number(parts[3]);
      info.traceRule = parts[3] !== '' && Number.isInteger(r) ? r : null;
    }
    info.action = 'LOG';
  }
  return info;
}

// Prefixes repeat on nearly every line, so analysis is cached by the raw text, and the last one is
// checked first without cutting a new string; the cap bounds memory on odd inputs.
const cache = new Map<string, PrefixInfo>();
const CACHE_MAX = 4096;
let lastRaw = '';
let lastInfo: PrefixInfo = analyse('');

/** Sets prefix, action and trace_* on rec from body[0, at), the text before `IN=`. */
export function applyPrefix(body: string, at: number, rec: EventRecord): void {
  // slice + === (a native compare) beats both startsWith-with-position and a char loop here.
  const raw = body.slice(0, at);
  if (raw !== lastRaw) {
    lastRaw = raw;
    let info = cache.get(lastRaw);
    if (info === undefined) {
      if (cache.size >= CACHE_MAX) cache.clear();
      info = analyse(lastRaw.trim());
      cache.set(lastRaw, info);
    }
    lastInfo = info;
  }
  const info = lastInfo;
  if (info.text === '') return;
  rec.prefix = info.text;
  rec.action = info.action;
  if (info.traceTable !== null) {
    rec.trace_table = info.traceTable;
    rec.trace_chain = info.traceChain;
    rec.trace_type = info.traceType;
    rec.trace_rule = info.traceRule;
  }
}
