// Hand-built firewall traffic in every direction, for tests that count its answers by hand: outbound
// from our LAN and from the firewall host, inbound scans and replies, and LAN-only traffic.
import { writeFileSync } from 'node:fs';

// Our network: 192.168.1.0/24 (the firewall is 192.168.1.1), and the firewall's public address
// 45.33.32.156, which the case does not list as internal (so it is "external" in scope).
export const FW_PUBLIC = '45.33.32.156';
export const GOOGLE = '8.8.8.8', QUAD9 = '9.9.9.9', YANDEX = '5.255.255.5', APPLE = '17.1.2.3';
export const DOD = '6.1.2.3', TOR = '185.220.101.5';

export interface Spec { n: number; prefix: string; inIf: string; outIf: string; src: string; dst: string; proto: 'TCP' | 'UDP'; sport: number; dport: number; flags?: string }
let minute = 0;
function lines(s: Spec): string[] {
  return Array.from({ length: s.n }, () => {
    const m = minute++;
    const ts = `2024-03-14T${String(10 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00Z`;
    const l4 = s.proto === 'TCP'
      ? `PROTO=TCP SPT=${s.sport} DPT=${s.dport} WINDOW=64240 RES=0x00 ${s.flags ?? 'SYN'} URGP=0`
      : `PROTO=UDP SPT=${s.sport} DPT=${s.dport} LEN=40`;
    return `${ts} fw kernel: ${s.prefix} IN=${s.inIf} OUT=${s.outIf} SRC=${s.src} DST=${s.dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF ${l4}`;
  });
}
const out = (n: number, src: string, dst: string, proto: 'TCP' | 'UDP', dport: number): Spec =>
  ({ n, prefix: 'FWD-ACCEPT', inIf: 'eth1', outIf: 'eth0', src, dst, proto, sport: 40000, dport });

export const SPECS: Spec[] = [
  // Outbound: 7 events from our LAN, 1 from the firewall host itself (OUTPUT: IN= empty).
  out(3, '192.168.1.10', GOOGLE, 'TCP', 443),
  out(1, '192.168.1.11', GOOGLE, 'UDP', 53),
  out(2, '192.168.1.10', QUAD9, 'TCP', 853),
  out(1, '192.168.1.10', YANDEX, 'TCP', 8443),
  { n: 1, prefix: 'OUT-ACCEPT', inIf: '', outIf: 'eth0', src: FW_PUBLIC, dst: APPLE, proto: 'TCP', sport: 40000, dport: 443 },
  // Inbound: a port-22 scan forwarded to a LAN host, XMAS probes of the firewall's public address,
  // RDP from a low source port, an NTP-port reflection, and Google's replies to our connections.
  { n: 5, prefix: 'FWD-DROP', inIf: 'eth0', outIf: 'eth1', src: DOD, dst: '192.168.1.20', proto: 'TCP', sport: 51000, dport: 22 },
  { n: 4, prefix: 'IN-DROP', inIf: 'eth0', outIf: '', src: DOD, dst: FW_PUBLIC, proto: 'TCP', sport: 51001, dport: 23, flags: 'URG PSH FIN' },
  { n: 2, prefix: 'FWD-DROP', inIf: 'eth0', outIf: 'eth1', src: TOR, dst: '192.168.1.20', proto: 'TCP', sport: 53, dport: 3389 },
  { n: 1, prefix: 'IN-DROP', inIf: 'eth0', outIf: '', src: YANDEX, dst: '192.168.1.1', proto: 'UDP', sport: 123, dport: 5000 },
  { n: 2, prefix: 'FWD-ACCEPT', inIf: 'eth0', outIf: 'eth1', src: GOOGLE, dst: '192.168.1.10', proto: 'TCP', sport: 443, dport: 40000, flags: 'ACK' },
  // Local: LAN to the firewall's DNS; neither end external.
  { n: 2, prefix: 'IN-ACCEPT', inIf: 'eth1', outIf: '', src: '192.168.1.10', dst: '192.168.1.1', proto: 'UDP', sport: 40000, dport: 53 },
];

/** Writes the traffic as one netfilter log (ISO stamps, UTC) at `path`. */
export function writeDirectionLog(path: string): void {
  minute = 0;
  writeFileSync(path, SPECS.flatMap(lines).join('\n') + '\n');
}
