// Reads a rule as `iptables -L -v -n` prints it (target prot opt in out source destination extras…).
import { addrIn, ctStateIn, icmpTypeIn, ifaceIs, parsePortRange, parseRanges, portIn, protoIn, protoNumber, type PortRange } from './conditions.ts';
import { negate, unsupported, type Condition } from './packet.ts';
import { tcpFlagsCond, targetVerdict } from './read-iptables.ts';
import { tokenize, type CompiledRule } from './verdict.ts';

function bang(s: string): { neg: boolean; v: string } {
  return s.startsWith('!') ? { neg: true, v: s.slice(1) } : { neg: false, v: s };
}

const maybeNeg = (neg: boolean, c: Condition) => (neg ? negate(c) : c);

// The extras column, in the words iptables prints for each match; target options are left out.
const EXTRAS: Array<[RegExp, (m: RegExpExecArray) => Condition | null]> = [
  [/^\/\*.*?\*\/\s*/, () => null],
  [/^(?:tcp|udp|udplite|sctp|dccp)\s*/, () => null],
  [/^(s|d)pts?:(!)?(\d+(?::\d+)?)\s*/, (m) => maybeNeg(!!m[2], portIn(m[1] === 's' ? 'sport' : 'dport', [parsePortRange(m[3])!], m[0].trim()))],
  [/^multiport (s|d)?ports (!\s*)?([\d,:]+)\s*/, (m) => {
    const r = m[3].split(',').map(parsePortRange);
    if (r.some((x) => !x)) return unsupported(m[0].trim());
    const ranges = r as PortRange[];
    const c = m[1] ? portIn(m[1] === 's' ? 'sport' : 'dport', ranges, m[0].trim()) : unsupported(m[0].trim(), 'either-port lists are not modelled here');
    return maybeNeg(!!m[2], c);
  }],
  [/^(?:ct)?state (!\s*)?([A-Z,]+)\s*/, (m) => maybeNeg(!!m[1], ctStateIn(m[2].split(','), m[0].trim()))],
  [/^flags:(!)?0x([0-9A-Fa-f]+)\/0x([0-9A-Fa-f]+)\s*/, (m) => maybeNeg(!!m[1], tcpFlagsCond(parseInt(m[2], 16), parseInt(m[3], 16), m[0].trim()))],
  [/^(?:ipv6-)?icmp(?:v6)?type (!)?(\d+)(?: code (\d+))?\s*/, (m) => maybeNeg(!!m[1], icmpTypeIn([{ type: Number(m[2]), code: m[3] === undefined ? null : Number(m[3]) }], m[0].trim()))],
  [/^(source|destination) IP range (!\s*)?(\S+)\s*/, (m) => {
    const r = parseRanges([m[3]]);
    return r ? maybeNeg(!!m[2], addrIn(m[1] === 'source' ? 'src' : 'dst', r, m[0].trim())) : unsupported(m[0].trim());
  }],
  // Target options: they say what the target does, not which packets match.
  [/^(?:LOG|NFLOG)\b.*$/, () => null],
  [/^reject-with \S+\s*/, () => null],
  [/^nflog-\S+ \S+\s*/, () => null],
];

/** `text` is the stored row (target first when the rule has one); `target` is that target. */
export function readIptablesListRule(text: string, target: string | null, chains: ReadonlySet<string>): CompiledRule {
  const t = tokenize(text);
  const cols = target ? t.slice(1) : t;
  const [prot, , inIf, outIf, src, dst] = cols;
  const conds: Condition[] = [];
  const p = bang(prot ?? 'all');
  if (p.v !== 'all' && p.v !== '0') {
    const n = protoNumber(p.v);
    conds.push(maybeNeg(p.neg, n === null ? unsupported(`-p ${p.v}`) : protoIn([n], `-p ${p.v}`)));
  }
  for (const [side, col] of [['iif', inIf], ['oif', outIf]] as const) {
    const b = bang(col ?? '*');
    if (b.v !== '*') conds.push(maybeNeg(b.neg, ifaceIs(side, [b.v], `${side === 'iif' ? '-i' : '-o'} ${b.v}`)));
  }
  for (const [side, col] of [['src', src], ['dst', dst]] as const) {
    const b = bang(col ?? '0.0.0.0/0');
    if (b.v === '0.0.0.0/0' || b.v === '::/0') continue;
    const r = parseRanges([b.v]);
    conds.push(maybeNeg(b.neg, r ? addrIn(side, r, `${side === 'src' ? '-s' : '-d'} ${b.v}`) : unsupported(b.v)));
  }
  // The extras are free text after the sixth column; read them with the raw spacing kept.
  let rest = text.split(/\s+/).slice((target ? 1 : 0) + 6).join(' ').trim();
  while (rest) {
    const hit = EXTRAS.map(([re, f]) => [re.exec(rest), f] as const).find(([m]) => m);
    if (!hit) {
      conds.push(unsupported(rest));
      break;
    }
    const [m, f] = hit;
    const c = f(m!);
    if (c) conds.push(c);
    rest = rest.slice(m![0].length).trim();
  }
  return { conds, verdict: targetVerdict(target, chains) };
}
