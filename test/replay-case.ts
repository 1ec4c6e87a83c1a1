// The small hand-made case replay tests share: each line's verdict under test/fixtures/replay/small.rules is noted beside it.
let minute = 0;
function lines(n: number, prefix: string, inIf: string, outIf: string, src: string, dst: string, l4: string): string[] {
  return Array.from({ length: n }, () => {
    const m = minute++;
    return `2024-03-14T10:${String(m).padStart(2, '0')}:00Z fw kernel: ${prefix} IN=${inIf} OUT=${outIf} SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 ${l4}`;
  });
}
const tcp = (d: number) => `PROTO=TCP SPT=40000 DPT=${d} WINDOW=64240 RES=0x00 SYN URGP=0`;
const udp = (d: number) => `PROTO=UDP SPT=40000 DPT=${d} LEN=40`;

const LOG = [
  ...lines(3, 'FW', '', 'eth0', '192.168.1.10', '8.8.8.8', tcp(443)), // output: OUTPUT policy ACCEPT
  ...lines(2, 'FW', '', 'eth0', '192.168.1.10', '9.9.9.9', tcp(443)), // output: OUTPUT #1 DROP
  ...lines(1, 'FW', '', 'eth0', '192.168.1.11', '8.8.8.8', udp(53)), // output: OUTPUT #2 ACCEPT
  ...lines(1, 'ACCEPT-OUT', '', 'eth0', '192.168.1.12', '8.8.8.8', tcp(443)), // output: policy ACCEPT
  ...lines(4, 'FW', 'eth0', '', '203.0.113.5', '192.168.1.10', tcp(22)), // input: jump SSH, SSH #1 ACCEPT
  ...lines(2, 'FW', 'eth0', '', '198.51.100.7', '192.168.1.10', tcp(23)), // input: INPUT #5 REJECT
  ...lines(1, 'FW', 'eth0', '', '198.51.100.7', '192.168.1.10', 'PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1'), // input: INPUT #4
  ...lines(1, 'FW', 'eth1', 'eth0', '192.168.1.50', '1.1.1.1', tcp(80)), // forward: FORWARD #1
  ...lines(1, 'FW', 'lo', '', '127.0.0.1', '127.0.0.1', tcp(5432)), // input: INPUT #1 (lo)
  ...lines(1, 'FW', 'eth0', '', '198.51.100.7', '192.168.1.10', tcp(22)), // input: SSH #2 RETURN, then INPUT policy DROP
  ...lines(1, 'FW', 'eth1', 'eth2', '192.168.1.50', '10.0.5.5', tcp(445)), // forward LAN to LAN: not -o eth0, FORWARD policy DROP
];
// A conntrack entry names no interface: its hook is unknown unless --hook says it.
export const REPLAY_CONNTRACK = 'ipv4     2 tcp      6 431999 ESTABLISHED src=192.168.1.10 dst=8.8.4.4 sport=41000 dport=443 src=8.8.4.4 dst=192.168.1.10 sport=443 dport=41000 [ASSURED] mark=0 use=1\n';

export const REPLAY_LOG = LOG.join('\n') + '\n';
