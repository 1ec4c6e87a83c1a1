// Reads an iptables-save rule (`-A CHAIN …`) into conditions and a verdict for replay.
import {
  addrIn, addrTypeIn, ctStateIn, icmpType, icmpTypeIn, ifaceIs, parsePortRange, parseRanges, portIn, protoIn, protoNumber, tcpSyn,
  type PortRange,
} from './conditions.ts';
import { negate, unsupported, type Condition } from './packet.ts';
import { NON_TERMINAL, TERMINAL, tokenize, type CompiledRule, type Verdict } from './verdict.ts';

const TCP_BITS: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

function flagMask(list: string): number | null {
  if (list === 'ALL') return 255;
  if (list === 'NONE') return 0;
  let m = 0;
  for (const f of list.split(',')) {
    if (!(f in TCP_BITS)) return null;
    m |= TCP_BITS[f];
  }
  return m;
}

/** The opening packet carries SYN alone: `--tcp-flags MASK COMP` is decided exactly. */
export function tcpFlagsCond(mask: number, comp: number, text: string): Condition {
  return { text, test: (p) => p.proto === 6 && (TCP_BITS.SYN & mask) === comp };
}

function portList(v: string): PortRange[] | null {
  const out: PortRange[] = [];
  for (const part of v.split(',')) {
    const r = parsePortRange(part);
    if (!r) return null;
    out.push(r);
  }
  return out;
}

/** Either port in the list (multiport --ports). */
function eitherPort(ranges: PortRange[], text: string): Condition {
  const s = portIn('sport', ranges, text), d = portIn('dport', ranges, text);
  return { text, test: (p) => { const a = d.test(p); if (a === true) return true; const b = s.test(p); return b === true ? true : a === false ? b : a; } };
}

/** Target extensions other than those in verdict.ts (NAT, proxies…): known names, so never taken for chains. */
const OTHER_TARGETS = new Set([
  'SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP', 'TPROXY', 'SYNPROXY', 'CLUSTERIP', 'DNPT', 'SNPT', 'MIRROR', 'ECN',
  'TCPOPTSTRIP', 'NFQUEUE', 'QUEUE', 'DELUDE', 'TARPIT', 'CHAOS', 'IPMARK', 'LOGMARK', 'SYSRQ', 'STEAL', 'ACCOUNT', 'RAWSNAT', 'RAWDNAT',
]);

export function targetVerdict(target: string | null, chains: ReadonlySet<string>, how: 'jump' | 'goto' = 'jump'): Verdict {
  if (target === null) return { kind: 'continue' };
  if (TERMINAL[target]) return TERMINAL[target];
  if (chains.has(target)) return { kind: how, chain: target };
  if (NON_TERMINAL.has(target)) return { kind: 'continue' };
  if (target === 'NFQUEUE' || target === 'QUEUE') return { kind: 'undecided', why: `${target}: the verdict is given by a userspace program` };
  if (OTHER_TARGETS.has(target)) return { kind: 'undecided', why: `target ${target} is not modelled by replay` };
  // iptables only takes a target that exists: a name that is no extension and has no rules is an empty user
  // chain (declared, never filled, as ufw leaves many). A jump there comes straight back; a goto returns.
  return how === 'goto' ? { kind: 'return' } : { kind: 'continue' };
}

/** One option (with its arguments) → a condition; null for options that do not restrict (comments, module loads). */
function option(opt: string, args: string[]): Condition | null {
  const text = `${opt} ${args.join(' ')}`.trim();
  const a = args[0] ?? '';
  switch (opt) {
    case '-p': case '--protocol': {
      if (a === 'all' || a === '0') return null;
      const n = protoNumber(a);
      return n === null ? unsupported(text, 'unknown protocol') : protoIn([n], text);
    }
    case '-s': case '--source': case '-d': case '--destination': {
      const r = parseRanges(a.split(','));
      return r ? addrIn(opt.startsWith('-s') || opt === '--source' ? 'src' : 'dst', r, text) : unsupported(text, 'not an address or CIDR');
    }
    case '--src-range': case '--dst-range': {
      const r = parseRanges([a]);
      return r ? addrIn(opt === '--src-range' ? 'src' : 'dst', r, text) : unsupported(text, 'not an address range');
    }
    case '-i': case '--in-interface': return ifaceIs('iif', [a], text);
    case '-o': case '--out-interface': return ifaceIs('oif', [a], text);
    case '-f': case '--fragment': return { text, test: () => false };
    case '--sport': case '--source-port': case '--dport': case '--destination-port': case '--sports': case '--source-ports':
    case '--dports': case '--destination-ports': {
      const r = portList(a);
      return r ? portIn(/^--s/.test(opt) ? 'sport' : 'dport', r, text) : unsupported(text, 'port names are not modelled');
    }
    case '--ports': {
      const r = portList(a);
      return r ? eitherPort(r, text) : unsupported(text, 'port names are not modelled');
    }
    case '--state': case '--ctstate': return ctStateIn(a.split(','), text);
    case '--syn': return tcpSyn(text);
    case '--tcp-flags': {
      const m = flagMask(a), c = flagMask(args[1] ?? '');
      return m === null || c === null ? unsupported(text, 'flags not understood') : tcpFlagsCond(m, c, text);
    }
    case '--icmp-type': case '--icmpv6-type': {
      const t = icmpType(a, opt === '--icmp-type' ? 4 : 6);
      return t ? icmpTypeIn([t], text) : unsupported(text, 'ICMP type not understood');
    }
    case '--dst-type': case '--src-type': return addrTypeIn(opt === '--dst-type' ? 'dst' : 'src', a.split(','), text);
    case '--comment': return null;
    default: return unsupported(text);
  }
}

// Options that take no argument; every other option takes the words up to the next option.
const FLAGS = new Set(['--syn', '-f', '--fragment']);
// Modules whose options are all understood above; any other module makes its options unsupported.
const KNOWN_MODULES = new Set(['tcp', 'udp', 'multiport', 'conntrack', 'state', 'comment', 'icmp', 'icmp6', 'iprange', 'udplite', 'sctp', 'dccp', 'addrtype']);

/** `text` is the rule as iptables-save prints it, from `-A CHAIN`. */
export function readIptablesRule(text: string, chains: ReadonlySet<string>): CompiledRule {
  const t = tokenize(text);
  const conds: Condition[] = [];
  let verdict: Verdict = { kind: 'continue' };
  let module = '';
  let i = t[0] === '-A' || t[0] === '-I' ? 2 : 0;
  if (t[0] === '-I' && /^\d+$/.test(t[2] ?? '')) i = 3;
  while (i < t.length) {
    let neg = false;
    if (t[i] === '!') { neg = true; i++; }
    const opt = t[i++];
    if (opt === undefined) break;
    if (opt === '-j' || opt === '--jump' || opt === '-g' || opt === '--goto') {
      // Everything after the target is the target's own options (--log-prefix, --reject-with…).
      verdict = targetVerdict(t[i] ?? null, chains, opt === '-g' || opt === '--goto' ? 'goto' : 'jump');
      break;
    }
    if (opt === '-m' || opt === '--match') { module = t[i++] ?? ''; continue; }
    const args: string[] = [];
    if (!FLAGS.has(opt)) {
      while (i < t.length && !/^--?[a-zA-Z]/.test(t[i]) && t[i] !== '!') args.push(t[i++]);
      // Old syntax puts the negation after the option: --dport ! 22.
      if (!args.length && t[i] === '!') { neg = !neg; i++; while (i < t.length && !/^--?[a-zA-Z]/.test(t[i]) && t[i] !== '!') args.push(t[i++]); }
    }
    let c = module && !KNOWN_MODULES.has(module) && opt.startsWith('--') ? unsupported(`-m ${module} ${opt} ${args.join(' ')}`.trim()) : option(opt, args);
    if (!c) continue;
    if (neg) c = negate(c);
    conds.push(c);
  }
  return { conds, verdict };
}
