// Micro-benchmark of the netfilter LOG body parser: `node --import tsx test/bench/netfilter-parse.ts [count]`.

import { EventRecord } from '../../src-main/shared/model.ts';
import { parseNetfilter } from '../../src-main/parse/netfilter.ts';

const COUNT = Number(process.argv[2] ?? 500_000);

// Shapes seen in real logs (see /work/shared/corpus): mostly IPv4 TCP/UDP drops, some IPv6, ICMP errors, TRACE.
const TEMPLATES: ((n: number) => string)[] = [
  (n) => `[UFW BLOCK] IN=eth0 OUT= MAC=0a:0d:14:95:e5:27:0a:b3:35:19:7e:54:08:00 SRC=114.33.${n & 255}.193 DST=172.30.0.64 LEN=40 TOS=0x00 PREC=0x00 TTL=41 ID=${n & 65535} PROTO=TCP SPT=${(n * 7) & 65535} DPT=23 WINDOW=24253 RES=0x00 SYN URGP=0 `,
  (n) => `iptables DROP_INPUT: IN=eth0 OUT= MAC=90:10:35:5a:1e:3a:90:10:9e:ec:2c:71:08:00 SRC=203.0.113.${n & 255} DST=172.16.54.114 LEN=52 TOS=0x00 PREC=0x00 TTL=115 ID=${n & 65535} DF PROTO=TCP SPT=${(n * 13) & 65535} DPT=445 WINDOW=8192 RES=0x00 SYN URGP=0 `,
  (n) => `DROP IN=eth1 OUT= MAC=23:87:fc:c6:24:58:00:21:3f:98:99:78:09:00 SRC=192.168.10.55 DST=192.168.10.${n & 255} LEN=28 TOS=0x00 PREC=0x00 TTL=50 ID=${n & 65535} PROTO=UDP SPT=44318 DPT=${n & 65535} LEN=8 `,
  (n) => `[WAN_OUT-2000-A]IN=eth0 OUT=eth2 MAC=90:10:20:76:8d:20:90:10:24:67:f4:89:08:00 SRC=192.168.134.158 DST=192.0.2.${n & 255} LEN=265 TOS=0x00 PREC=0x00 TTL=63 ID=${n & 65535} DF PROTO=TCP SPT=43189 DPT=443 WINDOW=159 RES=0x00 ACK PSH URGP=0 `,
  (n) => `DROP IN=eth0 OUT= MAC=00:13:46:3a:41:36:00:1b:b9:76:9c:e4:86:dd SRC=2001:0db8:0000:f101:0000:0000:0000:${(n & 0xffff).toString(16).padStart(4, '0')} DST=2001:0db8:0000:f101:0000:0000:0000:0001 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=46395 DPT=${n & 65535} WINDOW=5760 RES=0x00 SYN URGP=0 `,
  (n) => `OUTPUT reject: IN= OUT=eth0 SRC=10.11.12.13 DST=10.11.12.${n & 255} LEN=83 TOS=0x00 PREC=0x00 TTL=64 ID=${n & 65535} DF PROTO=TCP SPT=54252 DPT=8140 WINDOW=946 RES=0x00 ACK PSH URGP=0 UID=0 GID=0 `,
  (n) => `DENY: IN=eth0 OUT= MAC=90:10:28:5f:62:24:90:10:18:5a:89:2a:08:00 SRC=192.0.2.71 DST=192.0.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=${n & 65535} PROTO=ICMP TYPE=3 CODE=3 [SRC=192.0.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=21458 DPT=${n & 65535} LEN=40 ] `,
  (n) => `TRACE: raw:PREROUTING:policy:3 IN=wlan0 OUT= MAC=00:0b:81:84:37:27:7c:d1:c3:e7:e1:d3:08:00 SRC=192.168.8.103 DST=217.23.9.18 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=2018 PROTO=ICMP TYPE=8 CODE=0 ID=${n & 65535} SEQ=${n & 255} `,
];
// Weights: TCP/UDP drops dominate real firewall logs.
const MIX = [0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7];

const bodies: string[] = new Array(COUNT);
for (let n = 0; n < COUNT; n++) bodies[n] = TEMPLATES[MIX[n % MIX.length]](n);

function run(): number {
  let rejects = 0;
  for (let n = 0; n < COUNT; n++) {
    if (parseNetfilter(bodies[n], new EventRecord()) !== null) rejects++;
  }
  return rejects;
}

run(); // warm-up: let the JIT settle before timing
const t0 = process.hrtime.bigint();
const rejects = run();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const perSec = COUNT / secs;
console.log(`${COUNT} bodies in ${secs.toFixed(3)} s: ${(perSec / 1e6).toFixed(2)}M bodies/s, ` +
  `${((secs / COUNT) * 1e9).toFixed(0)} ns/body (including new EventRecord()), rejects=${rejects}`);
