// nft named sets as a dump shows them (`set blocked { type ipv4_addr; flags interval; elements = { … } }`),
// read into what a rule's `@blocked` can be tested against: addresses, ports, or nothing replay models.
import { parsePortRange, parseRanges, type PortRange, type Range } from './conditions.ts';

export type NamedSet =
  | { kind: 'addr'; ranges: Range[] }
  | { kind: 'port'; ranges: PortRange[] }
  | { kind: 'other'; why: string };

/** Elements as listed, without the per-element extras nft prints (timeout 1d expires 3h, counters, comments). */
function elements(text: string): string[] | null {
  const m = /\belements\s*=\s*\{(.*)\}/.exec(text);
  if (!m) return [];
  return m[1].split(',').map((e) => e.trim().replace(/\s+(?:timeout|expires|counter|comment)\b.*$/, '')).filter(Boolean);
}

export function readNamedSet(text: string): NamedSet {
  const type = /\b(?:type|typeof)\s+([^;{}]+?)\s*(?:;|flags|elements|size|policy|auto-merge|$)/.exec(text)?.[1].trim() ?? '';
  if (type.includes('.')) return { kind: 'other', why: `concatenated set type (${type}) is not modelled` };
  const els = elements(text);
  if (!els) return { kind: 'other', why: 'elements not understood' };
  if (/ipv[46]_addr|\bsaddr\b|\bdaddr\b/.test(type)) {
    const r = parseRanges(els);
    return r ? { kind: 'addr', ranges: r } : { kind: 'other', why: 'an element is not an address, range or CIDR' };
  }
  if (/inet_service|\bdport\b|\bsport\b/.test(type)) {
    const r = els.map(parsePortRange);
    return r.every((x) => x) ? { kind: 'port', ranges: r as PortRange[] } : { kind: 'other', why: 'an element is not a port or range' };
  }
  return { kind: 'other', why: `set type ${type || '(unknown)'} is not modelled` };
}
