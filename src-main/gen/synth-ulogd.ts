// A deterministic synthetic ulogd2 JSON stream (ulogd_output_JSON, one object per line) for the import
// benchmark: the packets of the synthetic day (synth-day.ts), written with ulogd's key names.
import { EventRecord } from '../shared/model.ts';
import { makeFastLine } from '../import/fast-line.ts';
import { synthDay } from './synth-day.ts';

const FLAG_KEYS: Array<[string, string]> = [['CWR', 'tcp.cwr'], ['ECE', 'tcp.ece'], ['URG', 'tcp.urg'], ['ACK', 'tcp.ack'],
  ['PSH', 'tcp.psh'], ['RST', 'tcp.rst'], ['SYN', 'tcp.syn'], ['FIN', 'tcp.fin']];

/** The object ulogd writes for one logged packet (the fields the synthetic day carries). */
function ulogdObject(r: EventRecord): Record<string, string | number> {
  const sec = Math.floor(r.ts! / 1e6);
  const usec = r.ts! - sec * 1e6;
  const o: Record<string, string | number> = {
    timestamp: new Date(sec * 1000).toISOString().replace('Z', '').replace(/\.\d+$/, '') + `.${String(usec).padStart(6, '0')}+0000`,
    dvc: r.host ?? 'fw', 'raw.pktlen': r.len ?? 0, 'raw.pktcount': 1, 'oob.prefix': r.prefix ?? '',
    'oob.time.sec': sec, 'oob.time.usec': usec, 'oob.mark': 0, 'oob.hook': r.out_if ? 3 : 1,
    'oob.family': r.family === 6 ? 10 : 2, 'oob.protocol': r.family === 6 ? 34525 : 2048, 'ip.protocol': r.proto_num ?? 0,
  };
  if (r.family === 4) Object.assign(o, { 'ip.tos': r.tos ?? 0, 'ip.ttl': r.ttl ?? 64, 'ip.totlen': r.len ?? 0, 'ip.id': r.ip_id ?? 0, 'ip.fragoff': r.df ? 16384 : 0 });
  else Object.assign(o, { 'ip6.payloadlen': Math.max(0, (r.len ?? 40) - 40), 'ip6.priority': r.tc ?? 0, 'ip6.hoplimit': r.ttl ?? 64, 'ip6.flowlabel': r.flowlbl ?? 0 });
  if (r.proto_num === 6) {
    Object.assign(o, { 'tcp.sport': r.sport!, 'tcp.dport': r.dport!, 'tcp.window': r.win ?? 0, 'tcp.urgp': 0 });
    for (const [flag, key] of FLAG_KEYS) o[key] = r.flags?.includes(flag) ? 1 : 0;
  } else if (r.proto_num === 17) Object.assign(o, { 'udp.sport': r.sport!, 'udp.dport': r.dport!, 'udp.len': r.l4_len ?? 8 });
  else if (r.icmp_type !== null) {
    const k = r.family === 6 ? 'icmpv6' : 'icmp';
    Object.assign(o, { [`${k}.type`]: r.icmp_type, [`${k}.code`]: r.icmp_code ?? 0 });
    if (r.icmp_id !== null) Object.assign(o, { [`${k}.echoid`]: r.icmp_id, [`${k}.echoseq`]: r.icmp_seq ?? 0 });
  }
  o['oob.in'] = r.in_if ?? '';
  o['oob.out'] = r.out_if ?? '';
  o.src_ip = r.src!;
  o.dest_ip = r.dst!;
  if (r.mac_dst !== null) Object.assign(o, { 'raw.mac_len': 14, 'mac.str': `${r.mac_dst}:${r.mac_src}:${r.ethertype}` });
  return o;
}

/** `lines` ulogd JSON lines: the synthetic day's packets (its other programs' lines left out). */
export function* synthUlogd(lines: number, seed = 42): Generator<string> {
  const fast = makeFastLine({ refTimeMs: Date.UTC(2024, 11, 31), tz: 'UTC' });
  const rec = new EventRecord();
  let n = 0;
  // A day a tenth longer than asked: about 3% of its lines are not packets.
  for (const line of synthDay({ lines: Math.ceil(lines * 1.1) + 100, seed })) {
    if (!fast(line, rec)) continue;
    yield JSON.stringify(ulogdObject(rec));
    if (++n === lines) return;
  }
  throw new Error(`the synthetic day had fewer than ${lines} packets`);
}
