// A deterministic synthetic day of firewall logs: internal hosts talking out, scans coming in,
// IPv4/IPv6, TCP/UDP/ICMP (with ICMP errors carrying their embedded packet), and some garbage.

export interface SynthOptions {
  lines: number;
  seed?: number;
  /** UTC start of the day. */
  start?: Date;
  /** Share of lines that are not netfilter events (other syslog lines, truncated, binary). */
  garbage?: number;
  /** 'rfc3164' (classic kern.log, year-less) or 'iso' (rsyslog high-precision). */
  stamp?: 'rfc3164' | 'iso';
  host?: string;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? '0' + n : String(n));
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

function stampOf(ms: number, kind: 'rfc3164' | 'iso', micros: number): string {
  const d = new Date(ms);
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  if (kind === 'rfc3164') return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time}`;
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${time}.${String(micros).padStart(6, '0')}+00:00`;
}

export function* synthDay(o: SynthOptions): Generator<string> {
  const r = rng(o.seed ?? 1);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const start = (o.start ?? new Date(Date.UTC(2024, 2, 14))).getTime();
  const host = o.host ?? 'fw1';
  const kind = o.stamp ?? 'rfc3164';
  const garbage = o.garbage ?? 0.002;
  // Many internal hosts, thousands of destinations (skewed, as real traffic is), a few scanners.
  const internal = Array.from({ length: 180 }, (_, i) => `192.168.${1 + (i % 3)}.${10 + i}`);
  const internal6 = Array.from({ length: 40 }, (_, i) => `2001:db8:10::${(i + 16).toString(16)}`);
  const dests = Array.from({ length: 6000 }, () => `${pick([23, 31, 34, 45, 52, 62, 77, 81, 91, 104, 142, 151, 172, 185, 203, 212])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const dests6 = Array.from({ length: 800 }, () => `2a0${int(0, 9)}:${int(0x1000, 0xffff).toString(16)}:${int(0, 0xffff).toString(16)}::${int(1, 0xffff).toString(16)}`);
  const scanners = Array.from({ length: 300 }, () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const macs = internal.map(() => Array.from({ length: 6 }, () => hex2(int(0, 255))).join(':'));
  const gwMac = '00:1b:21:3a:4f:01';
  const outPorts: Array<[string, number]> = [['TCP', 443], ['TCP', 443], ['TCP', 443], ['UDP', 443], ['UDP', 53], ['TCP', 80], ['UDP', 123], ['TCP', 22], ['TCP', 5228], ['TCP', 8443], ['TCP', 993], ['UDP', 51820]];
  const inPorts = [22, 23, 80, 443, 445, 1433, 3306, 3389, 5900, 8080, 8443, 2375, 6379, 9200];
  const skew = (n: number) => Math.floor(n * r() * r()); // favours low indexes: a few busy peers
  let uptime = 8_000_000 + int(0, 100000);
  const span = 86_400_000;

  for (let i = 0; i < o.lines; i++) {
    const ms = start + Math.floor((i / o.lines) * span);
    const micros = int(0, 999999);
    uptime += 0.05;
    const env = `${stampOf(ms, kind, micros)} ${host} kernel: [${uptime.toFixed(6).padStart(13)}] `;
    const g = r();
    if (g < garbage) {
      const k = int(0, 2);
      if (k === 0) yield `${stampOf(ms, kind, micros)} ${host} systemd[1]: Started Session ${int(1, 9999)} of user admin.`;
      else if (k === 1) yield `${env}[UFW BLOCK] IN=eth0 OUT= MAC=${gwMac}:${macs[0]}:08:00 SRC=10.0.0.`;
      else yield `${env}\u00ff\u00fe garbage ${int(0, 1e9).toString(36)}`;
      continue;
    }
    const t = r();
    if (t < 0.62) {
      // Internal host going out (FORWARD, logged as accepted or blocked)
      const hi = skew(internal.length);
      const [proto, dport] = pick(outPorts);
      const dst = dests[skew(dests.length)];
      const drop = r() < 0.15;
      const pre = drop ? '[UFW BLOCK] ' : 'FWD-ACCEPT ';
      const l4 = proto === 'TCP'
        ? `PROTO=TCP SPT=${int(32768, 60999)} DPT=${dport} WINDOW=${pick([64240, 65535, 29200, 502])} RES=0x00 ${pick(['SYN', 'ACK', 'ACK PSH', 'ACK FIN', 'RST'])} URGP=0 `
        : `PROTO=UDP SPT=${int(32768, 60999)} DPT=${dport} LEN=${int(40, 1300)} `;
      yield `${env}${pre}IN=eth1 OUT=eth0 MAC=${gwMac}:${macs[hi]}:08:00 SRC=${internal[hi]} DST=${dst} LEN=${int(40, 1400)} TOS=0x00 PREC=0x00 TTL=${pick([63, 127])} ID=${int(0, 65535)} ${r() < 0.7 ? 'DF ' : ''}${l4}`;
    } else if (t < 0.87) {
      // Scans and probes coming in
      const s = scanners[skew(scanners.length)];
      const proto = r() < 0.85 ? 'TCP' : 'UDP';
      const l4 = proto === 'TCP'
        ? `PROTO=TCP SPT=${int(1024, 65535)} DPT=${pick(inPorts)} WINDOW=1024 RES=0x00 ${pick(['SYN', 'SYN', 'SYN', 'FIN', 'FIN PSH URG', ''])}${r() < 0.02 ? '' : ' '}URGP=0 `
        : `PROTO=UDP SPT=${int(1024, 65535)} DPT=${pick([53, 123, 161, 1900, 5060, 11211])} LEN=${int(20, 200)} `;
      yield `${env}[UFW BLOCK] IN=eth0 OUT= MAC=${gwMac}:00:50:56:${hex2(int(0, 255))}:${hex2(int(0, 255))}:${hex2(int(0, 255))}:08:00 SRC=${s} DST=198.51.100.7 LEN=${int(40, 60)} TOS=0x00 PREC=0x00 TTL=${int(30, 250)} ID=${int(0, 65535)} ${l4}`.replace('  ', ' ');
    } else if (t < 0.93) {
      // ICMP: echo requests, and errors carrying the embedded packet they answer
      const hi = skew(internal.length);
      const dst = dests[skew(dests.length)];
      if (r() < 0.6) {
        yield `${env}ICMP-OUT IN=eth1 OUT=eth0 MAC=${gwMac}:${macs[hi]}:08:00 SRC=${internal[hi]} DST=${dst} LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=${int(0, 65535)} DF PROTO=ICMP TYPE=8 CODE=0 ID=${int(1, 65535)} SEQ=${int(1, 500)} `;
      } else {
        yield `${env}[UFW BLOCK] IN=eth0 OUT= MAC=${gwMac}:00:50:56:aa:bb:cc:08:00 SRC=${dst} DST=198.51.100.7 LEN=${int(56, 576)} TOS=0x00 PREC=0xC0 TTL=${int(40, 250)} ID=${int(0, 65535)} PROTO=ICMP TYPE=3 CODE=${pick([1, 3, 10, 13])} [SRC=198.51.100.7 DST=${dst} LEN=${int(40, 80)} TOS=0x00 PREC=0x00 TTL=${int(1, 64)} ID=${int(0, 65535)} PROTO=UDP SPT=${int(32768, 60999)} DPT=${pick([53, 123, 443])} LEN=${int(20, 60)} ] `;
      }
    } else {
      // IPv6: outbound TCP/UDP and ICMPv6
      const hi = skew(internal6.length);
      const dst = dests6[skew(dests6.length)];
      const head = `IN=eth1 OUT=eth0 MAC=${gwMac}:${macs[hi]}:86:dd SRC=${internal6[hi]} DST=${dst} LEN=${int(60, 1400)} TC=0 HOPLIMIT=${pick([63, 64, 255])} FLOWLBL=${int(0, 1048575)} `;
      const k = r();
      if (k < 0.6) yield `${env}[UFW BLOCK] ${head}PROTO=TCP SPT=${int(32768, 60999)} DPT=${pick([443, 80, 22])} WINDOW=64800 RES=0x00 SYN URGP=0 `;
      else if (k < 0.85) yield `${env}FWD-ACCEPT ${head}PROTO=UDP SPT=${int(32768, 60999)} DPT=${pick([443, 53, 123])} LEN=${int(20, 1300)} `;
      else yield `${env}ICMP-OUT ${head}PROTO=ICMPv6 TYPE=128 CODE=0 ID=${int(1, 65535)} SEQ=${int(1, 100)} `;
    }
  }
}
