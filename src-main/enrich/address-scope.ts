// Where an address lives: internal, loopback, link-local, multicast, broadcast, documentation/test,
// unspecified, IPv4-mapped, reserved, or external — the first question about any peer.
import { parseCidr, type Cidr } from './cidr.ts';

export type Scope =
  | 'internal' | 'loopback' | 'link-local' | 'multicast' | 'broadcast' | 'documentation'
  | 'unspecified' | 'ipv4-mapped' | 'reserved' | 'external';

export const SCOPES: Scope[] = ['internal', 'loopback', 'link-local', 'multicast', 'broadcast', 'documentation', 'unspecified', 'ipv4-mapped', 'reserved', 'external'];

// Order matters: the first match wins (0.0.0.0 is unspecified before "this network" reserved).
const TABLE: Array<[string, Scope]> = [
  ['0.0.0.0/32', 'unspecified'], ['::/128', 'unspecified'],
  ['255.255.255.255/32', 'broadcast'],
  ['10.0.0.0/8', 'internal'], ['172.16.0.0/12', 'internal'], ['192.168.0.0/16', 'internal'], ['100.64.0.0/10', 'internal'],
  ['fc00::/7', 'internal'],
  ['127.0.0.0/8', 'loopback'], ['::1/128', 'loopback'],
  ['169.254.0.0/16', 'link-local'], ['fe80::/10', 'link-local'],
  ['224.0.0.0/4', 'multicast'], ['ff00::/8', 'multicast'],
  ['192.0.2.0/24', 'documentation'], ['198.51.100.0/24', 'documentation'], ['203.0.113.0/24', 'documentation'],
  ['198.18.0.0/15', 'documentation'], ['2001:db8::/32', 'documentation'], ['3fff::/20', 'documentation'],
  ['::ffff:0:0/96', 'ipv4-mapped'],
  ['0.0.0.0/8', 'reserved'], ['240.0.0.0/4', 'reserved'], ['192.0.0.0/24', 'reserved'], ['100::/64', 'reserved'],
];
const BUILTIN: Array<[Cidr, Scope]> = TABLE.map(([c, s]) => [parseCidr(c)!, s]);

export class ScopeClassifier {
  private readonly rules: Array<[Cidr, Scope]>;

  /** `internal`: the case's own networks (public ranges a site owns count as internal too). */
  constructor(internal: Cidr[] = []) {
    this.rules = [...internal.map((c): [Cidr, Scope] => [c, 'internal']), ...BUILTIN];
  }

  classify(family: 4 | 6, n: bigint): Scope {
    for (const [c, s] of this.rules) if (c.family === family && n >= c.lo && n <= c.hi) return s;
    return 'external';
  }
}

/**
 * Every range that is not `external`: the built-in private, loopback, link-local, multicast… ranges and
 * the case's own internal networks. An allow-list of outbound traffic leaves these alone.
 */
export function nonExternalRanges(internal: Cidr[] = []): Cidr[] {
  return [...internal, ...BUILTIN.map(([c]) => c)];
}

/** Parses a comma/space separated CIDR list (the `internal_networks` setting); throws naming the bad entry. */
export function parseNetworkList(text: string): Cidr[] {
  return text.split(/[\s,]+/).filter(Boolean).map((t) => {
    const c = parseCidr(t);
    if (!c) throw new Error(`"${t}" is not an address or CIDR`);
    return c;
  });
}
