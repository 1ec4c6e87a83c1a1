// The lockout check on hand-made host facts (the host: 81.2.69.10/24 on eth0, gateway .254,
// SSH client .77, DNS .53), the readers of `ip -j` JSON, resolv.conf and the SSH env, and host bits in CIDRs.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addrFacts, dnsFacts, gatherHostFacts, interfaceFacts, internalFacts, routeFacts, sshFacts, type HostFacts } from '../../src-main/rules/host-facts.ts';
import { describeLockout, findLockouts, lockoutCheck, LockoutRefused } from '../../src-main/rules/lockout.ts';
import { buildTargets, type TargetSource } from '../../src-main/rules/targets.ts';
import { parseCidr } from '../../src-main/enrich/cidr.ts';
import { tempDir } from '../helpers.ts';

// Recorded in a namespace set up as the host (`ip -j addr`, `ip -j route`, `ip -j -6 route`), trimmed.
const IP_ADDR = JSON.stringify([
  { ifindex: 1, ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' }, { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' }] },
  { ifindex: 3, link: 'v1', ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], addr_info: [
    { family: 'inet', local: '81.2.69.10', prefixlen: 24, scope: 'global', label: 'eth0' },
    { family: 'inet6', local: '2a02:69::10', prefixlen: 64, scope: 'global', nodad: true },
    { family: 'inet6', local: 'fe80::c81:60ff:fe45:d5b4', prefixlen: 64, scope: 'link', tentative: true }] },
]);
const IP_ROUTE = '[{"dst":"default","gateway":"81.2.69.254","dev":"eth0","flags":[]},{"dst":"81.2.69.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"81.2.69.10","flags":[]},'
  + '{"type":"blackhole","dst":"5.6.7.0/24","flags":[]},{"dst":"10.9.0.0/16","gateway":"81.2.69.250","dev":"eth0","flags":[]}]';
const IP6_ROUTE = '[{"dst":"2a02:69::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[]},{"dst":"fe80::/64","dev":"eth0","protocol":"kernel","flags":[]},{"dst":"default","gateway":"2a02:69::1","dev":"eth0","metric":1024,"flags":[]}]';

const host = (extra: Partial<HostFacts> = {}): HostFacts => ({
  host: 'fw1',
  facts: [...addrFacts(IP_ADDR), ...routeFacts(IP_ROUTE), ...routeFacts(IP6_ROUTE), ...sshFacts({ SSH_CLIENT: '81.2.69.77 50022 22' }),
    ...dnsFacts('# generated\nsearch example.net\nnameserver 81.2.69.53\nnameserver fe80::1%eth0\n')],
  notes: [],
  ...extra,
});
const entries = (...texts: string[]) => {
  const t = buildTargets(texts.map((text) => ({ text, why: 'test' })));
  return [...t.v4, ...t.v6];
};

describe('host facts from recorded JSON, resolv.conf and the environment', () => {
  it('reads addresses with their interface, connected routes and gateways, skipping blackholes', () => {
    const a = addrFacts(IP_ADDR);
    expect(a.map((f) => [f.kind, f.text, f.dev])).toContainEqual(['address', '81.2.69.10', 'eth0']);
    expect(a.map((f) => f.text)).toEqual(['127.0.0.1', '::1', '81.2.69.10', '2a02:69::10', 'fe80::c81:60ff:fe45:d5b4']);
    const r = routeFacts(IP_ROUTE);
    expect(r.map((f) => [f.kind, f.text, f.isDefault ?? false])).toEqual([
      ['gateway', '81.2.69.254', true], ['network', '81.2.69.0/24', false], ['gateway', '81.2.69.250', false]]);
    expect(r[2].via).toBe('10.9.0.0/16');
    expect(routeFacts(IP6_ROUTE).map((f) => f.text)).toEqual(['2a02:69::/64', 'fe80::/64', '2a02:69::1']);
    expect(addrFacts('not json')).toEqual([]);
    expect(routeFacts('{"x":1}')).toEqual([]);
  });

  it('falls back to os.networkInterfaces(): addresses and the networks they sit in', () => {
    const f = interfaceFacts({ eth0: [{ address: '81.2.69.10', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: '81.2.69.10/24' }] });
    expect(f.map((x) => [x.kind, x.text, x.dev])).toEqual([['address', '81.2.69.10', 'eth0'], ['network', '81.2.69.0/24', 'eth0']]);
  });

  it('takes the SSH client from SSH_CONNECTION or SSH_CLIENT (IPv4-mapped made plain), DNS from nameserver lines', () => {
    expect(sshFacts({ SSH_CONNECTION: '::ffff:81.2.69.77 50022 81.2.69.10 22' }).map((f) => f.text)).toEqual(['81.2.69.77']);
    expect(sshFacts({ SSH_CLIENT: '2a02:69::77 50022 22' }).map((f) => f.text)).toEqual(['2a02:69::77']);
    expect(sshFacts({})).toEqual([]);
    expect(sshFacts({ SSH_CLIENT: 'junk 1 2' })).toEqual([]);
    expect(dnsFacts('nameserver 81.2.69.53\n  nameserver   9.9.9.9 # q9\nnameserver bogus\n#nameserver 1.1.1.1\n').map((f) => f.text)).toEqual(['81.2.69.53', '9.9.9.9']);
    expect(internalFacts([parseCidr('81.2.0.0/16')!]).map((f) => [f.kind, f.text])).toEqual([['internal', '81.2.0.0/16']]);
  });

  it('gathers from injected commands and files, says what it could not read, and uses the interfaces without ip', () => {
    const d = tempDir();
    try {
      writeFileSync(join(d.dir, 'resolv.conf'), 'nameserver 81.2.69.53\n');
      const calls: string[] = [];
      const hf = gatherHostFacts({
        hostname: 'fw1', env: { SSH_CLIENT: '81.2.69.77 1 22' }, resolvConf: [join(d.dir, 'resolv.conf'), join(d.dir, 'missing.conf')],
        ip: (args) => { calls.push(args.join(' ')); return args.includes('addr') ? IP_ADDR : args.includes('-6') ? IP6_ROUTE : IP_ROUTE; },
      });
      expect(calls).toEqual(['-j addr', '-j -4 route', '-j -6 route']);
      expect(hf.host).toBe('fw1');
      expect(new Set(hf.facts.map((f) => f.kind))).toEqual(new Set(['address', 'network', 'gateway', 'ssh', 'dns']));
      expect(hf.notes).toEqual([]);
      const none = gatherHostFacts({ hostname: 'fw2', env: {}, resolvConf: [join(d.dir, 'missing.conf')], ip: () => null,
        interfaces: () => ({ eth0: [{ address: '81.2.69.10', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: '81.2.69.10/24' }] }) });
      expect(none.facts.map((f) => f.text)).toEqual(['81.2.69.10', '81.2.69.0/24']);
      expect(none.notes.join(' ')).toMatch(/ip .*not available.*gateway/);
      expect(none.notes.join(' ')).toMatch(/no nameserver/);
    } finally {
      d.cleanup();
    }
  });
});

describe('findLockouts / describeLockout', () => {
  it('names everything a wide block would cut, in the words of the issue', () => {
    const found = findLockouts(entries('81.2.69.10', '81.2.69.0/24', '81.2.69.254', '81.2.69.77', '81.0.0.0/8'), host().facts, 'inbound');
    expect(found).toHaveLength(1);
    expect(describeLockout(found[0])).toBe('81.0.0.0/8 covers this host\'s address 81.2.69.10 (eth0), its connected network 81.2.69.0/24 (eth0), '
      + 'its default gateway 81.2.69.254, its gateway 81.2.69.250 (route to 10.9.0.0/16), the SSH client 81.2.69.77 and the DNS server 81.2.69.53');
  });

  it('refuses each target that equals a fact, with "is"', () => {
    const found = findLockouts(entries('81.2.69.254', '81.2.69.77', '81.2.69.53', '81.2.69.10', '81.2.69.0/24', '2a02:69::1'), host().facts, 'outbound');
    expect(found.map(describeLockout)).toEqual([
      '81.2.69.0/24 covers this host\'s address 81.2.69.10 (eth0), its connected network 81.2.69.0/24 (eth0), its default gateway 81.2.69.254, '
        + 'its gateway 81.2.69.250 (route to 10.9.0.0/16), the SSH client 81.2.69.77 and the DNS server 81.2.69.53',
      '2a02:69::1 is this host\'s default gateway 2a02:69::1',
    ]);
    expect(findLockouts(entries('81.2.69.254'), host().facts, 'outbound').map(describeLockout)).toEqual(['81.2.69.254 is this host\'s default gateway 81.2.69.254']);
    expect(findLockouts(entries('81.2.69.77'), host().facts, 'inbound').map(describeLockout)).toEqual(['81.2.69.77 is the SSH client 81.2.69.77']);
  });

  it('checks ASN prefixes (ranges) after aggregation, as the blocks they become', () => {
    const as = buildTargets([{ range: { family: 4, lo: parseCidr('81.2.64.0/21')!.lo, hi: parseCidr('81.2.71.255')!.lo }, why: 'AS64500 Example' }]);
    expect(findLockouts([...as.v4, ...as.v6], host().facts, 'inbound').map((l) => [l.target, l.cuts.length])).toEqual([['81.2.64.0/21', 6]]);
  });

  it('lets through a neighbour, a part of the connected network, and what merely overlaps', () => {
    expect(findLockouts(entries('81.2.69.100', '81.2.69.128/26', '8.8.8.0/24', '2a02:69:0:0:1::/80'), host().facts, 'inbound')).toEqual([]);
    // A block that covers a fact only together with another one still reaches the kernel as one merged block.
    expect(findLockouts(entries('81.2.69.0/25', '81.2.69.128/25'), host().facts, 'inbound').map((l) => l.target)).toEqual(['81.2.69.0/24']);
  });

  it('direction matters: forwarding blocks cut only the connected and internal networks', () => {
    const facts = [...host().facts, ...internalFacts([parseCidr('5.0.3.0/24')!])];
    expect(findLockouts(entries('81.2.69.254'), facts, 'forward')).toEqual([]);
    expect(findLockouts(entries('81.2.69.254'), facts, 'outbound')).toHaveLength(1);
    expect(findLockouts(entries('81.2.69.0/24'), facts, 'forward').map(describeLockout)).toEqual(['81.2.69.0/24 is this host\'s connected network 81.2.69.0/24 (eth0)']);
    expect(findLockouts(entries('5.0.0.0/16'), facts, 'forward').map(describeLockout)).toEqual(['5.0.0.0/16 covers the case\'s internal network 5.0.3.0/24']);
  });
});

describe('lockoutCheck: refuse, or say in the header what was checked or cut', () => {
  it('refuses without force, naming the host, the direction and the way out', () => {
    let err: unknown;
    try {
      lockoutCheck(entries('81.0.0.0/8', '8.8.8.8'), host(), 'inbound', false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockoutRefused);
    const r = err as LockoutRefused;
    expect(r.lockouts.map((l) => l.target)).toEqual(['81.0.0.0/8']);
    expect(r.message).toMatch(/^refused: this inbound block list would cut host fw1 off: 81\.0\.0\.0\/8 covers this host's address 81\.2\.69\.10 \(eth0\), /);
    expect(r.message).not.toContain('\n');
  });

  it('with force, the header says what it cuts and that it was forced', () => {
    const head = lockoutCheck(entries('81.0.0.0/8'), host(), 'outbound', true);
    expect(head[0]).toMatch(/^WARNING: the lockout check was overridden \(force-lockout\)\. On host fw1, this outbound block list cuts: 81\.0\.0\.0\/8 covers this host's address 81\.2\.69\.10 \(eth0\)/);
    expect(head.join(' ')).toMatch(/another host/);
  });

  it('without a lockout, the header says against which host and which facts it was checked', () => {
    const head = lockoutCheck(entries('8.8.8.8'), host(), 'inbound', false).join('\n');
    expect(head).toContain('Lockout check made on host fw1 (inbound)');
    expect(head).toContain('addresses 81.2.69.10, 2a02:69::10');
    expect(head).toContain('default gateways 81.2.69.254, 2a02:69::1');
    expect(head).toContain('SSH client 81.2.69.77');
    expect(head).toContain('DNS server 81.2.69.53');
    expect(head).not.toContain('127.0.0.1');
    expect(head).toMatch(/applied on another host.*check that host/i);
    const fwd = lockoutCheck(entries('8.8.8.8'), host(), 'forward', false).join('\n');
    expect(fwd).toMatch(/forward.*connected networks 81\.2\.69\.0\/24/);
    expect(fwd).not.toContain('SSH client');
  });

  it('keeps odd interface and host names inert (one comment line each)', () => {
    const hf = host({ host: 'evil\nhost;$(x)' });
    hf.facts.push(...addrFacts(JSON.stringify([{ ifname: 'e$(x)\n', addr_info: [{ family: 'inet', local: '81.2.69.11', prefixlen: 24 }] }])));
    const forced = lockoutCheck(entries('81.2.69.11'), hf, 'inbound', true);
    for (const l of forced) expect(l).toMatch(/^[A-Za-z0-9 ._,:;/@()+'-]*$/);
    expect(forced[0]).toContain('81.2.69.11 (e_(x)_)');
  });
});

describe('CIDRs with host bits set (8.8.8.8/8)', () => {
  const src = (...texts: string[]): TargetSource[] => texts.map((text) => ({ text, why: 'typed' }));
  it('are refused, naming the network they would mean', () => {
    const t = buildTargets(src('8.8.8.8/8', '2a00:1450::1/32', '9.9.9.0/24', '1.1.1.1/32'));
    expect([...t.v4, ...t.v6].map((e) => e.cidr)).toEqual(['1.1.1.1/32', '9.9.9.0/24']);
    expect(t.dropped).toEqual([
      { item: '8.8.8.8/8', reason: 'host bits set: it would mean the network 8.0.0.0/8 (write 8.0.0.0/8 for the network, or 8.8.8.8 for the address)' },
      { item: '2a00:1450::1/32', reason: 'host bits set: it would mean the network 2a00:1450::/32 (write 2a00:1450::/32 for the network, or 2a00:1450::1 for the address)' },
    ]);
  });
});
