// Service names for protocol/port pairs, bundled (never read from the running system's /etc/services),
// including well-known non-IANA uses users meet in firewall logs.

type Proto = 'tcp' | 'udp';
const BOTH: Array<[number, string]> = [
  [53, 'dns'], [88, 'kerberos'], [123, 'ntp'], [137, 'netbios-ns'], [138, 'netbios-dgm'], [161, 'snmp'], [162, 'snmp-trap'],
  [389, 'ldap'], [464, 'kpasswd'], [500, 'isakmp'], [514, 'syslog'], [1194, 'openvpn'], [1812, 'radius'], [1813, 'radius-acct'],
  [3478, 'stun'], [4500, 'ipsec-nat-t'], [5060, 'sip'], [5353, 'mdns'], [5355, 'llmnr'], [3389, 'rdp'],
];
const TCP: Array<[number, string]> = [
  [20, 'ftp-data'], [21, 'ftp'], [22, 'ssh'], [23, 'telnet'], [25, 'smtp'], [43, 'whois'], [80, 'http'], [110, 'pop3'],
  [111, 'sunrpc'], [113, 'ident'], [119, 'nntp'], [135, 'msrpc'], [139, 'netbios-ssn'], [143, 'imap'], [179, 'bgp'],
  [443, 'https'], [445, 'microsoft-ds'], [465, 'submissions'], [587, 'submission'], [631, 'ipp'], [636, 'ldaps'],
  [853, 'dns-over-tls'], [873, 'rsync'], [993, 'imaps'], [995, 'pop3s'], [1080, 'socks'], [1433, 'ms-sql'], [1521, 'oracle'],
  [1723, 'pptp'], [1883, 'mqtt'], [2049, 'nfs'], [2375, 'docker'], [2376, 'docker-tls'], [2379, 'etcd'], [3128, 'squid'],
  [3306, 'mysql'], [5000, 'upnp'], [5222, 'xmpp-client'], [5432, 'postgresql'], [5671, 'amqps'], [5672, 'amqp'],
  [5900, 'vnc'], [5985, 'winrm'], [5986, 'winrm-https'], [6379, 'redis'], [6443, 'kubernetes-api'], [6667, 'irc'],
  [8000, 'http-alt'], [8008, 'http-alt'], [8080, 'http-proxy'], [8443, 'https-alt'], [8883, 'mqtt-tls'], [9000, 'http-alt'],
  [9092, 'kafka'], [9100, 'jetdirect'], [9200, 'elasticsearch'], [9418, 'git'], [10250, 'kubelet'], [11211, 'memcached'],
  [27017, 'mongodb'], [5228, 'google-play'], [8123, 'home-assistant'], [7547, 'tr-069'],
];
const UDP: Array<[number, string]> = [
  [67, 'dhcp-server'], [68, 'dhcp-client'], [69, 'tftp'], [443, 'quic'], [546, 'dhcpv6-client'], [547, 'dhcpv6-server'],
  [1900, 'ssdp'], [3702, 'ws-discovery'], [5004, 'rtp'], [11211, 'memcached'], [19302, 'stun-google'],
  [51820, 'wireguard'], [41641, 'tailscale'], [1701, 'l2tp'], [6081, 'geneve'], [4789, 'vxlan'], [27015, 'steam'],
];

const table = new Map<string, string>();
for (const [p, n] of BOTH) { table.set(`tcp/${p}`, n); table.set(`udp/${p}`, n); }
for (const [p, n] of TCP) table.set(`tcp/${p}`, n);
for (const [p, n] of UDP) table.set(`udp/${p}`, n);

/** Service name of a port for a protocol name (TCP/UDP/…, any case) or number, or null. */
export function serviceName(proto: string | number | null, port: number | null): string | null {
  if (port === null || proto === null) return null;
  const p = typeof proto === 'number' ? (proto === 6 ? 'tcp' : proto === 17 ? 'udp' : '') : proto.toLowerCase();
  const key = p === 'udplite' ? 'udp' : p === 'sctp' ? 'tcp' : p;
  return table.get(`${key as Proto}/${port}`) ?? null;
}

/** All entries, for a SQL table in the case (`services`). */
export function serviceEntries(): Array<{ proto: string; port: number; name: string }> {
  return [...table].map(([k, name]) => {
    const [proto, port] = k.split('/');
    return { proto: proto.toUpperCase(), port: Number(port), name };
  });
}
