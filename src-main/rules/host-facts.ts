// This host's network facts for the lockout check: addresses, connected networks and gateways (`ip -j`, else the interfaces), SSH client, DNS, internal networks.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { addressNumber, parseCidr, type Cidr } from '../enrich/cidr.ts';

export type FactKind = 'address' | 'network' | 'gateway' | 'ssh' | 'dns' | 'internal';

export interface HostFact {
  kind: FactKind;
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
  /** The address, or the network as CIDR. */
  text: string;
  /** The interface it is on, when known. */
  dev?: string;
  /** A gateway: of the default route; else `via` is the route it serves. */
  isDefault?: boolean;
  via?: string;
}

export interface HostFacts {
  /** The host the facts were read on (scripts may be applied elsewhere). */
  host: string;
  facts: HostFact[];
  /** What could not be read, said in the script header. */
  notes: string[];
}

function point(kind: FactKind, text: string, extra: Partial<HostFact> = {}): HostFact | null {
  // A zone (`fe80::1%eth0`) names the link, not the address.
  let t = text.trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(t);
  if (mapped) t = mapped[1];
  const a = addressNumber(t);
  return a ? { kind, family: a.family, lo: a.n, hi: a.n, text: t, ...extra } : null;
}

function network(kind: FactKind, c: Cidr, extra: Partial<HostFact> = {}): HostFact {
  return { kind, family: c.family, lo: c.lo, hi: c.hi, text: c.text, ...extra };
}

const keep = <T>(xs: Array<T | null>): T[] => xs.filter((x): x is T => x !== null);

function jsonList(text: string): Array<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
  } catch {
    return [];
  }
}

/** `ip -j addr`: every address, with its interface. */
export function addrFacts(json: string): HostFact[] {
  return jsonList(json).flatMap((link) => {
    const dev = typeof link.ifname === 'string' ? link.ifname : undefined;
    const infos = Array.isArray(link.addr_info) ? (link.addr_info as Array<Record<string, unknown>>) : [];
    return keep(infos.map((i) => (typeof i?.local === 'string' ? point('address', i.local, { dev }) : null)));
  });
}

/** `ip -j route` / `ip -j -6 route`: connected networks (no gateway) and every gateway; blackholes and the like skipped. */
export function routeFacts(json: string): HostFact[] {
  return keep(jsonList(json).map((r) => {
    if (typeof r.type === 'string' && r.type !== 'unicast') return null;
    const dev = typeof r.dev === 'string' ? r.dev : undefined;
    const dst = typeof r.dst === 'string' ? r.dst : '';
    if (typeof r.gateway === 'string') {
      return dst === 'default' ? point('gateway', r.gateway, { dev, isDefault: true }) : point('gateway', r.gateway, { dev, via: parseCidr(dst)?.text ?? dst });
    }
    const c = dst && dst !== 'default' ? parseCidr(dst) : null;
    return c ? network('network', c, { dev }) : null;
  }));
}

/** The fallback without `ip`: each address and the network its netmask puts it in (no gateway known). */
export function interfaceFacts(ifs: NodeJS.Dict<NetworkInterfaceInfo[]>): HostFact[] {
  return Object.entries(ifs).flatMap(([dev, list]) => (list ?? []).flatMap((i) => {
    const c = i.cidr ? parseCidr(i.cidr) : null;
    return keep([point('address', i.address, { dev }), c && c.prefix < (c.family === 4 ? 32 : 128) ? network('network', c, { dev }) : null]);
  }));
}

/** The SSH client of this session: SSH_CONNECTION ("client port server port") or SSH_CLIENT ("client port port"). */
export function sshFacts(env: NodeJS.ProcessEnv): HostFact[] {
  const text = env.SSH_CONNECTION ?? env.SSH_CLIENT ?? '';
  const first = text.trim().split(/\s+/)[0];
  return first ? keep([point('ssh', first)]) : [];
}

/** `nameserver` lines of a resolv.conf. */
export function dnsFacts(resolvConf: string): HostFact[] {
  return keep(resolvConf.split('\n').map((l) => /^\s*nameserver\s+(\S+)/.exec(l)).map((m) => (m ? point('dns', m[1]) : null)));
}

export function internalFacts(nets: Cidr[]): HostFact[] {
  return nets.map((c) => network('internal', c));
}

export interface GatherOptions {
  /** The case's `internal_networks`. */
  internal?: Cidr[];
  env?: NodeJS.ProcessEnv;
  /** resolv.conf files read (systemd-resolved keeps the real servers in the second). */
  resolvConf?: string[];
  /** Runs `ip ARGS`, giving its stdout, or null when `ip` is missing or fails. */
  ip?: (args: string[]) => string | null;
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  hostname?: string;
}

/** `ip` from PATH or the sbin folders a user's PATH may lack. */
function runIp(args: string[]): string | null {
  for (const cmd of ['ip', '/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip']) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
    if (!r.error) return r.status === 0 ? r.stdout : null;
  }
  return null;
}

function dedupe(facts: HostFact[]): HostFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const key = `${f.kind} ${f.text} ${f.dev ?? ''} ${f.via ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads the facts of the machine this runs on; whatever cannot be read is said in `notes`. */
export function gatherHostFacts(o: GatherOptions = {}): HostFacts {
  const ip = o.ip ?? runIp;
  const notes: string[] = [];
  const facts: HostFact[] = [];
  const addr = ip(['-j', 'addr']);
  if (addr !== null) {
    facts.push(...addrFacts(addr));
    for (const fam of ['-4', '-6']) facts.push(...routeFacts(ip(['-j', fam, 'route']) ?? '[]'));
  } else {
    facts.push(...interfaceFacts((o.interfaces ?? networkInterfaces)()));
    notes.push('ip (iproute2) not available: addresses from the interfaces, no gateway checked');
  }
  facts.push(...sshFacts(o.env ?? process.env));
  const dns = (o.resolvConf ?? ['/etc/resolv.conf', '/run/systemd/resolve/resolv.conf'])
    .filter((p) => existsSync(p))
    .flatMap((p) => {
      try {
        return dnsFacts(readFileSync(p, 'utf8'));
      } catch {
        return [];
      }
    });
  if (!dns.length) notes.push('no nameserver found in resolv.conf: no DNS server checked');
  facts.push(...dns, ...internalFacts(o.internal ?? []));
  return { host: o.hostname ?? hostname(), facts: dedupe(facts), notes };
}
