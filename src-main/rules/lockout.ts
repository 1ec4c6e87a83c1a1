// The lockout check (pure): which blocks would cut this host off, the refusal naming what, and the script-header lines.
import { ScopeClassifier } from '../enrich/address-scope.ts';
import type { Direction } from './render-types.ts';
import type { FactKind, HostFact, HostFacts } from './host-facts.ts';
import { sanitizeComment } from './sanitize-comment.ts';

export interface LockTarget { family: 4 | 6; cidr: string; lo: bigint; hi: bigint }
export interface Lockout {
  /** The block as written (a single address without its /32 or /128). */
  target: string;
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
  cuts: HostFact[];
}

export class LockoutRefused extends Error {
  constructor(readonly lockouts: Lockout[], message: string) {
    super(message);
  }
}

const ORDER: FactKind[] = ['address', 'network', 'gateway', 'ssh', 'dns', 'internal'];

/**
 * Forwarded traffic never comes from or goes to this host itself, so a FORWARD block cannot cut its own
 * addresses, gateway, SSH session or DNS, only the networks it routes for. Inbound and outbound blocks cut
 * all of them: dropping either direction of a conversation ends it (an outbound block of the gateway too).
 */
export function applies(kind: FactKind, direction: Direction): boolean {
  return direction !== 'forward' || kind === 'network' || kind === 'internal';
}

const shown = (t: LockTarget) => t.cidr.replace(t.family === 4 ? /\/32$/ : /\/128$/, '');

/** Each target that contains or equals a fact that applies to the direction. */
export function findLockouts(targets: LockTarget[], facts: HostFact[], direction: Direction): Lockout[] {
  const out: Lockout[] = [];
  for (const t of targets) {
    const cuts = facts.filter((f) => applies(f.kind, direction) && f.family === t.family && t.lo <= f.lo && t.hi >= f.hi);
    cuts.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    if (cuts.length) out.push({ target: shown(t), family: t.family, lo: t.lo, hi: t.hi, cuts });
  }
  return out;
}

const inert = (s: string) => sanitizeComment(s);

function phrase(f: HostFact, owner: string): string {
  const dev = f.dev ? ` (${inert(f.dev)})` : '';
  switch (f.kind) {
    case 'address': return `${owner} address ${f.text}${dev}`;
    case 'network': return `${owner} connected network ${f.text}${dev}`;
    case 'gateway': return f.isDefault ? `${owner} default gateway ${f.text}` : `${owner} gateway ${f.text} (route to ${inert(f.via ?? '?')})`;
    case 'ssh': return `the SSH client ${f.text}`;
    case 'dns': return `the DNS server ${f.text}`;
    case 'internal': return `the case's internal network ${f.text}`;
  }
}

function listing(parts: string[]): string {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "81.0.0.0/8 covers this host's address 81.2.69.10 (eth0), its default gateway 81.2.69.254 and the SSH client 81.2.69.77". */
export function describeLockout(l: Lockout): string {
  let hostSaid = false;
  const parts = l.cuts.map((f) => {
    const own = f.kind === 'address' || f.kind === 'network' || f.kind === 'gateway';
    const p = phrase(f, own && hostSaid ? 'its' : "this host's");
    if (own) hostSaid = true;
    return p;
  });
  const equal = l.cuts.every((f) => f.lo === l.lo && f.hi === l.hi);
  return `${l.target} ${equal ? 'is' : 'covers'} ${listing(parts)}`;
}

const classifier = new ScopeClassifier();
const KIND_NAMES: Record<FactKind, [string, string]> = {
  address: ['address', 'addresses'], network: ['connected network', 'connected networks'], gateway: ['gateway', 'gateways'],
  ssh: ['SSH client', 'SSH clients'], dns: ['DNS server', 'DNS servers'], internal: ["case's internal network", "case's internal networks"],
};

/** What was checked, by kind, without loopback and link-local noise; at most 6 of each. */
function summary(facts: HostFact[], direction: Direction): string {
  const useful = facts.filter((f) => applies(f.kind, direction) && !['loopback', 'link-local'].includes(classifier.classify(f.family, f.lo)));
  const groups: string[] = [];
  const add = (name: [string, string], list: HostFact[], show: (f: HostFact) => string) => {
    if (!list.length) return;
    const texts = list.slice(0, 6).map(show);
    groups.push(`${list.length === 1 ? name[0] : name[1]} ${texts.join(', ')}${list.length > 6 ? ` and ${list.length - 6} more` : ''}`);
  };
  for (const kind of ORDER) {
    const list = useful.filter((f) => f.kind === kind);
    if (kind === 'gateway') {
      const defaults = list.filter((f) => f.isDefault);
      add(['default gateway', 'default gateways'], defaults, (f) => f.text);
      add(KIND_NAMES.gateway, list.filter((f) => !f.isDefault), (f) => `${f.text} (to ${inert(f.via ?? '?')})`);
    } else add(KIND_NAMES[kind], list, (f) => f.text);
  }
  return groups.length ? groups.join('; ') : 'nothing (no host facts could be read)';
}

/** A comment line's text: the safe set only, so no name can end the comment or the line. */
const line = (s: string) => s.replace(/[^A-Za-z0-9 ._,:;/@()+'-]/g, '_');

/**
 * Checks the targets against the host facts. Refuses (LockoutRefused, one line naming what would be cut)
 * unless forced; answers the script-header lines saying what was checked, or what the forced script cuts.
 */
export function lockoutCheck(targets: LockTarget[], hf: HostFacts, direction: Direction, force: boolean): string[] {
  const found = findLockouts(targets, hf.facts, direction);
  const host = inert(hf.host) || 'unknown';
  const what = found.map(describeLockout).join('; ');
  if (found.length && !force) throw new LockoutRefused(found, `refused: this ${direction} block list would cut host ${host} off: ${what}`);
  const elsewhere = 'Applied on another host, this check says nothing about it: check that host\'s addresses, gateway, DNS and your own session first.';
  const notes = hf.notes.map((n) => `Lockout check incomplete: ${n}.`);
  if (found.length) {
    return [`WARNING: the lockout check was overridden (force-lockout). On host ${host}, this ${direction} block list cuts: ${what}.`, ...notes, elsewhere].map(line);
  }
  const scope = direction === 'forward' ? ' (forwarded traffic: only the networks it routes for apply)' : '';
  return [`Lockout check made on host ${host} (${direction})${scope}: no target covers its ${summary(hf.facts, direction)}.`, ...notes, elsewhere].map(line);
}
