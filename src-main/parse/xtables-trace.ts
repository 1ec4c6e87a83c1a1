// `xtables-monitor --trace` lines (iptables-nft): `PACKET: 2 ID IN=… SRC=…` dumps and
// `TRACE: 2 ID table:chain:rule:0xHANDLE:VERDICT  -4 -t table -A chain …` steps.
import type { EventRecord } from '../shared/model.ts';
import { canonicalIPv6, isIPv4 } from './ip-text.ts';
import { protoName, protoNumber, sortFlags, type MonitorTraceLine } from './monitor-trace.ts';

const TRACE = /^\s*TRACE: (\d+) ([0-9a-fA-F]{1,16}) ([^\s:]+):([^\s:]+):(rule|return|policy):(\S*)/;
const PACKET = /^\s*PACKET: (\d+) ([0-9a-fA-F]{1,16})(?: |$)/;
const FAMILIES: Record<string, string> = { 1: 'inet', 2: 'ip', 3: 'arp', 5: 'netdev', 7: 'bridge', 10: 'ip6' };
const FLAGS = new Set(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR']);

export function detect(line: string): boolean {
  return TRACE.test(line) || PACKET.test(line);
}

const int = (v: string): number | null => (/^\d+$/.test(v) ? Number(v) : /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : null);
const mac = (v: string): string | null => {
  const parts = v.split(':');
  return parts.length === 6 && parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p)) ? parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':') : null;
};

/** The fields of a PACKET dump into rec; returns what it did not understand, verbatim, or null. */
export function readXtablesPacket(text: string, rec: EventRecord): string | null {
  const extra: string[] = [];
  const flags: string[] = [];
  const toks = text.trim().split(/\s+/).filter((t) => t !== '');
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (FLAGS.has(t)) { flags.push(t); continue; }
    if (t === 'OPT' && toks[i + 1]?.startsWith('(')) { extra.push(`${t} ${toks[++i]}`); continue; }
    if (t.startsWith('FRAG:')) { rec.frag = int(t.slice(5)); continue; }
    if (t === 'DF') { rec.df = true; continue; }
    if (t === 'MF') { rec.mf = true; continue; }
    if (t === 'CE') { rec.ce = true; continue; }
    const eq = t.indexOf('=');
    if (eq < 0) { extra.push(t); continue; }
    const k = t.slice(0, eq), v = t.slice(eq + 1);
    switch (k) {
      case 'IN': rec.in_if = v || null; break;
      case 'OUT': rec.out_if = v || null; break;
      case 'MACSRC': rec.mac_src = mac(v); break;
      case 'MACDST': rec.mac_dst = mac(v); break;
      case 'MACPROTO': rec.ethertype = /^[0-9a-f]{4}$/i.test(v) ? `${v.slice(0, 2)}:${v.slice(2)}`.toLowerCase() : v; break;
      case 'SRC': case 'DST': {
        const fam = v.includes(':') ? 6 : 4;
        const a = fam === 4 ? (isIPv4(v) ? v : null) : canonicalIPv6(v);
        if (a === null) { extra.push(t); break; }
        if (k === 'SRC') rec.src = a; else rec.dst = a;
        rec.family = fam;
        break;
      }
      case 'LEN': rec.len = int(v); break;
      case 'TOS': rec.tos = int(v); break;
      case 'TC': rec.tc = int(v); break;
      case 'TTL': case 'HOPLIMIT': rec.ttl = int(v); break;
      case 'FLOWLBL': rec.flowlbl = int(v); break;
      case 'ID': {
        // xtables-monitor prints `ID=%d` with no space before the DF/MF/CE flags: `ID=38349DF`.
        const m = /^(\d+)((?:DF|MF|CE)*)$/.exec(v);
        if (!m) { extra.push(t); break; }
        rec.ip_id = Number(m[1]);
        if (m[2].includes('DF')) rec.df = true;
        if (m[2].includes('MF')) rec.mf = true;
        if (m[2].includes('CE')) rec.ce = true;
        break;
      }
      case 'PROTO': rec.proto_num = protoNumber(v); if (rec.proto_num === null) extra.push(t); break;
      case 'SPORT': case 'SPT': rec.sport = int(v); break;
      case 'DPORT': case 'DPT': rec.dport = int(v); break;
      case 'MARK': rec.mark = int(v); break;
      default: extra.push(t);
    }
  }
  if (flags.length) {
    rec.flags = sortFlags(flags);
    // The dump has no protocol field; only TCP prints flag words.
    if (rec.proto_num === null) rec.proto_num = 6;
  }
  if (rec.proto_num !== null) rec.proto = protoName(rec.proto_num);
  if (rec.family === 4) { rec.df ??= false; rec.mf ??= false; rec.ce ??= false; }
  return extra.length ? extra.join(' ') : null;
}

const VERDICTS: Record<string, string> = { ACCEPT: 'accept', DROP: 'drop', QUEUE: 'queue', STOLEN: 'stolen', BREAK: 'break', CONTINUE: 'continue', RETURN: 'return' };
function verdictOf(v: string): string {
  const m = /^(JUMP|GOTO):(.+)$/.exec(v);
  if (m) return `${m[1].toLowerCase()} ${m[2]}`;
  return VERDICTS[v] ?? v.toLowerCase();
}

/** One xtables-monitor trace line into a step; PACKET lines (and old TRACE lines with the PACKET glued on) fill rec. */
export function parseXtablesTrace(line: string, rec: EventRecord): MonitorTraceLine | string {
  const p = PACKET.exec(line);
  if (p) {
    const extra = readXtablesPacket(line.slice(p[0].length), rec);
    if (extra !== null) rec.extra = extra;
    return { id: p[2].toLowerCase(), family: FAMILIES[p[1]] ?? p[1], table: '', chain: '', type: 'packet', handle: null, text: null, verdict: null };
  }
  const m = TRACE.exec(line);
  if (!m) return 'not an xtables-monitor trace line';
  const step: MonitorTraceLine = {
    id: m[2].toLowerCase(), family: FAMILIES[m[1]] ?? m[1], table: m[3], chain: m[4], type: m[5] as MonitorTraceLine['type'],
    handle: null, text: null, verdict: null,
  };
  let rest = line.slice(m[0].length);
  // iptables before 1.8.8 printed the packet on the rule's line.
  const glued = rest.indexOf(' PACKET: ');
  if (glued >= 0) {
    const pk = PACKET.exec(rest.slice(glued + 1));
    if (pk) {
      const extra = readXtablesPacket(rest.slice(glued + 1 + pk[0].length), rec);
      if (extra !== null) rec.extra = extra;
    }
    rest = rest.slice(0, glued);
  }
  if (step.type === 'rule') {
    const r = /^0x([0-9a-f]+):(\S+)$/i.exec(m[6]);
    if (!r) return 'xtables trace rule step without handle and verdict: truncated line';
    step.handle = parseInt(r[1], 16);
    step.verdict = verdictOf(r[2]);
    // `-4 -t raw -A PREROUTING …`: the family and table again, then the rule as iptables-save writes it.
    const text = rest.trim().replace(/^-[46]\s+(?:-t\s+\S+\s+)?/, '');
    step.text = text === '' ? null : text;
  } else if (step.type === 'policy') {
    if (m[6] === '') return 'xtables trace policy step without its verdict: truncated line';
    step.verdict = verdictOf(m[6]);
  } else {
    step.verdict = 'return';
  }
  return step;
}
