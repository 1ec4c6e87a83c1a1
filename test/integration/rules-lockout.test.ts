// `fwlens rules block` refuses lists that would lock the host out: run in a network namespace made into the
// issue's host (81.2.69.10/24 on eth0, gateway .254, DNS .53, SSH client .77), so the facts it reads are real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSetting } from '../../src-main/db/settings.ts';
import { blockScript, checkBlockRequest } from '../../src-main/app/block-script.ts';
import { AppError } from '../../src-main/app/result.ts';
import type { BlockScriptRequest } from '../../src-main/shared/api.ts';
import { ROOT, freshCase, tempDir } from '../helpers.ts';
import { NEEDS, requires, type Need } from '../requires.ts';

const t = tempDir();
afterAll(() => t.cleanup());
const CASE = join(t.dir, 'case.duckdb');
const RESOLV = join(t.dir, 'resolv.conf');
const PATH = `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH}`;

beforeAll(async () => {
  const db = await freshCase(t.dir);
  await setSetting(db, 'internal_networks', '5.0.3.0/24');
  db.close();
  writeFileSync(RESOLV, 'search example.net\nnameserver 81.2.69.53\n');
});

// The host of the issue, built inside the namespace; resolv.conf is bind-mounted in a mount namespace of its own.
const HOST = `mount --bind "$1" /etc/resolv.conf
ip link add eth0 type veth peer name v1 && ip addr add 81.2.69.10/24 dev eth0 && ip link set eth0 up && ip link set v1 up
ip route add default via 81.2.69.254
shift`;

/** `fwlens ARGS` run as the SSH session of that host. */
function fwlensOnHost(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH, SSH_CLIENT: '81.2.69.77 50022 22' };
  delete env.SSH_CONNECTION;
  const r = spawnSync('unshare', ['-m', '-n', 'bash', '-c', `set -eu\n${HOST}\nexec "${process.execPath}" "${join(ROOT, 'bin/fwlens.js')}" "$@"`, 'ns', RESOLV, ...args],
    { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const mountNs: Need = {
  what: 'a mount namespace next to the network one (`unshare -m -n`)',
  fix: 'run the tests as root, as CI does',
  present: () => spawnSync('unshare', ['-m', '-n', 'true']).status === 0,
};
const hostIt = requires(NEEDS.netns, mountNs);
const block = (...more: string[]) => ['rules', 'block', CASE, ...more];
const ISSUE_TARGETS = '81.2.69.10,81.2.69.0/24,81.2.69.254,81.2.69.77,81.0.0.0/8';

describe('fwlens rules block on the host of the issue', () => {
  hostIt('refuses 81.0.0.0/8, naming the address, network, gateway, SSH client and DNS server it would cut, and writes nothing', () => {
    const out = join(t.dir, 'refused.nft');
    const r = fwlensOnHost(...block('--format', 'nft', '--targets', ISSUE_TARGETS, '--out', out));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/refused: this inbound block list would cut host \S+ off:/);
    expect(r.err).toContain("81.0.0.0/8 covers this host's address 81.2.69.10 (eth0), its connected network 81.2.69.0/24 (eth0), "
      + 'its default gateway 81.2.69.254, the SSH client 81.2.69.77 and the DNS server 81.2.69.53');
    expect(r.err).toContain('--force-lockout');
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  hostIt('refuses an outbound block of the default gateway (any format), but a forwarding one passes', () => {
    for (const format of ['iptables-sh', 'nft', 'ufw']) {
      const r = fwlensOnHost(...block('--format', format, '--direction', 'outbound', '--targets', '81.2.69.254'));
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain("81.2.69.254 is this host's default gateway 81.2.69.254");
    }
    const fwd = fwlensOnHost(...block('--format', 'nft', '--direction', 'forward', '--targets', '81.2.69.254'));
    expect(fwd.code, fwd.err).toBe(0);
    expect(fwd.out).toMatch(/^# Lockout check made on host \S+ \(forward\) \(forwarded traffic: only the networks it routes for apply\): no target covers its connected network 81\.2\.69\.0\/24/m);
  });

  hostIt('with --force-lockout writes the script, its header saying what it cuts', () => {
    const out = join(t.dir, 'forced.rules');
    const r = fwlensOnHost(...block('--format', 'iptables', '--targets', ISSUE_TARGETS, '--force-lockout', '--out', out));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/WARNING: .*81\.0\.0\.0\/8 covers this host's address 81\.2\.69\.10 \(eth0\)/);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^# fwlens block list \(iptables, inbound\)/);
    expect(lines[1]).toMatch(/^# WARNING: the lockout check was overridden \(force-lockout\)\. On host \S+, this inbound block list cuts: 81\.0\.0\.0\/8 covers this host's address 81\.2\.69\.10 \(eth0\), .* the SSH client 81\.2\.69\.77 and the DNS server 81\.2\.69\.53\.$/);
    expect(lines[2]).toMatch(/^# Applied on another host/);
    expect(lines).toContain('-A FWLENS-BLOCK -s 81.0.0.0/8 -m comment --comment "fwlens: selected" -j DROP');
  });

  hostIt('without a lockout the header says against which host and facts it checked, and that another host is not checked', () => {
    const r = fwlensOnHost(...block('--format', 'nft', '--targets', '8.8.8.8'));
    expect(r.code, r.err).toBe(0);
    const head = r.out.split('\n').slice(0, 3);
    expect(head[1]).toMatch(/^# Lockout check made on host \S+ \(inbound\): no target covers its address 81\.2\.69\.10; connected network 81\.2\.69\.0\/24; default gateway 81\.2\.69\.254; SSH client 81\.2\.69\.77; DNS server 81\.2\.69\.53; case's internal network 5\.0\.3\.0\/24\.$/);
    expect(head[2]).toMatch(/^# Applied on another host, this check says nothing about it/);
  });

  hostIt("refuses a target that swallows the case's internal network, even with --include-internal", () => {
    const r = fwlensOnHost(...block('--format', 'nft', '--include-internal', '--targets', '5.0.0.0/16'));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("5.0.0.0/16 covers the case's internal network 5.0.3.0/24");
    // One host inside it is a block, not a lockout.
    expect(fwlensOnHost(...block('--format', 'nft', '--include-internal', '--targets', '5.0.3.9')).code).toBe(0);
  });

  hostIt('refuses a CIDR with host bits set, naming the network it would mean', () => {
    const r = fwlensOnHost(...block('--format', 'nft', '--targets', '8.8.8.8/8,9.9.9.9'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('left out 8.8.8.8/8: host bits set: it would mean the network 8.0.0.0/8 (write 8.0.0.0/8 for the network, or 8.8.8.8 for the address)');
    expect(r.out).not.toContain('8.0.0.0/8');
    expect(r.out).toContain('9.9.9.9/32');
  });
});

describe('the app: blockScript with forceLockout', () => {
  const req: BlockScriptRequest = { targets: ['81.0.0.0/8'], format: 'nft', direction: 'inbound', port: null, proto: null, reject: false, log: false, expireSeconds: null, includeInternal: false };
  const HOST_FACTS = {
    hostname: 'fw1', env: { SSH_CLIENT: '81.2.69.77 1 22' }, resolvConf: [RESOLV],
    ip: (args: string[]) => (args.includes('addr') ? '[{"ifname":"eth0","addr_info":[{"family":"inet","local":"81.2.69.10","prefixlen":24}]}]'
      : args.includes('-4') ? '[{"dst":"default","gateway":"81.2.69.254","dev":"eth0"}]' : '[]'),
  };

  it('validates the flag', () => {
    expect(checkBlockRequest(req).forceLockout).toBe(false);
    expect(checkBlockRequest({ ...req, forceLockout: true }).forceLockout).toBe(true);
    expect(() => checkBlockRequest({ ...req, forceLockout: 'yes' })).toThrow(/forceLockout/);
  });

  it('refuses with LOCKOUT naming what would be cut; forced, the script header says it', async () => {
    const db = await freshCase(t.dir, 'app.duckdb');
    try {
      const err = await blockScript(db, req, HOST_FACTS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('LOCKOUT');
      expect((err as AppError).message).toBe("refused: this inbound block list would cut host fw1 off: 81.0.0.0/8 covers this host's address 81.2.69.10 (eth0), "
        + 'its default gateway 81.2.69.254, the SSH client 81.2.69.77 and the DNS server 81.2.69.53. Confirm to write it anyway (forceLockout).');
      const forced = await blockScript(db, { ...req, forceLockout: true }, HOST_FACTS);
      expect(forced.script.split('\n')[1]).toMatch(/^# WARNING: the lockout check was overridden \(force-lockout\)\. On host fw1, this inbound block list cuts: 81\.0\.0\.0\/8 covers/);
      const fine = await blockScript(db, { ...req, targets: ['8.8.8.8'] }, HOST_FACTS);
      expect(fine.script.split('\n')[1]).toMatch(/^# Lockout check made on host fw1 \(inbound\)/);
    } finally {
      db.close();
    }
  });
});
