// Hostile org names stay inert: the sanitiser, and every shell output run for real under stub firewall tools.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { sanitizeComment, assertInert, checkPort } from '../../src-main/rules/sanitize-comment.ts';
import { buildTargets } from '../../src-main/rules/targets.ts';
import { render, type Format } from '../../src-main/rules/render.ts';
import { ruleComment, type RenderOptions } from '../../src-main/rules/render-types.ts';
import { tempDir } from '../helpers.ts';

const t = tempDir();
afterAll(() => t.cleanup());
const MARKER = join(t.dir, 'PWNED');
const HOSTILE = [
  `'; rm -rf / #`, `$(touch ${MARKER})`, `\`touch ${MARKER}\``, `evil\ntouch ${MARKER}`, `Acme "Corp" ${'$'}{IFS}`,
  `back\\slash\\"; touch ${MARKER}; echo "`, `'$(touch ${MARKER})'`, `a;b|c&d>e<f*g?h!i{j}k[l]m~n%o^p=q`, `\u202eBidi\u0000Nul\rCR`,
];

describe('sanitizeComment', () => {
  it('keeps only the safe set and caps the length', () => {
    for (const h of HOSTILE) {
      const s = sanitizeComment(h);
      expect(s).toMatch(/^[A-Za-z0-9 ._,:/@()+-]*$/);
      expect(s).not.toMatch(/['"`$;\\\n\r]/);
    }
    expect(sanitizeComment(`'; rm -rf / #`)).toBe('__ rm -rf / _');
    expect(sanitizeComment('x'.repeat(500)).length).toBe(200);
    expect(sanitizeComment('Cloudflare, Inc. (AS13335) a/b @c +d')).toBe('Cloudflare, Inc. (AS13335) a/b @c +d');
  });

  it('refuses unsanitised comments and bad ports at the renderer boundary', () => {
    expect(() => assertInert('a"b')).toThrow(/unsafe/);
    const entry = { family: 4 as const, cidr: '8.8.8.8/32', lo: 0n, hi: 0n, comment: '$(reboot)' };
    expect(() => ruleComment(entry, { direction: 'inbound', reject: false, log: false, now: 1 })).toThrow(/unsafe/);
    expect(() => checkPort(0)).toThrow();
    expect(() => checkPort(65536)).toThrow();
    expect(() => checkPort(1.5)).toThrow();
    expect(checkPort(65535)).toBe(65535);
  });
});

// A stub tool records each call's argv (fields \x1f, calls \x1e); `-S FWLENS-BLOCK` replays $STUB_RULES for the sweep.
const BIN = join(t.dir, 'bin');
const LOG = join(t.dir, 'argv.log');
spawnSync('mkdir', ['-p', BIN]);
for (const tool of ['iptables', 'ip6tables', 'ipset', 'ufw', 'firewall-cmd', 'pfctl']) {
  writeFileSync(join(BIN, tool), `#!/bin/bash
{ printf '%s\\x1f' "${tool}" "$@"; printf '\\x1e'; } >> "${LOG}"
if [ "\${1:-}" = -w ] && [ "\${2:-}" = -S ] && [ -n "\${STUB_RULES:-}" ]; then
  if [ -n "\${4:-}" ]; then sed -n "$(( \${4} + 1 ))p" "$STUB_RULES"; else cat "$STUB_RULES"; fi
fi
exit 0
`);
  chmodSync(join(BIN, tool), 0o755);
}

function runStubbed(script: string, env: Record<string, string> = {}): string[][] {
  writeFileSync(LOG, '');
  const file = join(t.dir, 'script.sh');
  writeFileSync(file, script);
  expect(spawnSync('bash', ['-n', file]).status).toBe(0);
  const r = spawnSync('bash', [file], { env: { ...process.env, ...env, PATH: `${BIN}:/usr/bin:/bin` }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(LOG, 'utf8').split('\x1e').filter(Boolean).map((c) => c.split('\x1f').slice(0, -1));
}

const OPTS: RenderOptions = { direction: 'inbound', port: 22, proto: 'tcp', reject: true, log: true, expire: 3600, now: 1_700_000_000 };

describe('rendered shell scripts under stub tools', () => {
  const targets = buildTargets(HOSTILE.map((why, i) => ({ text: i % 2 ? `8.8.${i}.0/24` : `2a00:${i}::/32`, why })));
  const expected = new Set(HOSTILE.map((h) => `fwlens: ${sanitizeComment(h)}`));

  const formats: Array<[Format, string, Partial<RenderOptions>]> = [
    ['iptables-sh', 'iptables', {}], ['ip6tables-sh', 'ip6tables', { direction: 'forward' }],
    ['ufw', 'ufw', { direction: 'outbound' }], ['firewalld', 'firewall-cmd', {}],
  ];
  for (const [format, tool, extra] of formats) {
    it(`${format}: each hostile comment arrives as one intact argument, nothing executes`, () => {
      const out = render(format, targets, { ...OPTS, ...extra });
      const calls = runStubbed(out.script);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c[0] === tool)).toBe(true);
      if (format !== 'firewalld') {
        // The comment is the argument after --comment (iptables) or the last one (ufw).
        const comments = calls.map((c) => (tool === 'ufw' ? c[c.length - 1] : c[c.indexOf('--comment') + 1])).filter((c) => c?.startsWith('fwlens:'));
        const fam = format === 'iptables-sh' ? targets.v4 : format === 'ip6tables-sh' ? targets.v6 : [...targets.v4, ...targets.v6];
        expect(comments.length).toBeGreaterThanOrEqual(fam.length);
        for (const c of comments) expect(expected.has(c.replace(/ expires=\d+$/, ''))).toBe(true);
      }
      expect(existsSync(MARKER)).toBe(false);
      const back = runStubbed(out.rollback);
      expect(back.length).toBeGreaterThan(0);
      expect(existsSync(MARKER)).toBe(false);
    });
  }

  it('iptables rollback deletes the same argv that the script added, then the chain', () => {
    const out = render('iptables-sh', targets, OPTS);
    const added = runStubbed(out.script).filter((c) => c[2] === '-A').map((c) => c.slice(3).join('\x1f'));
    const rb = runStubbed(out.rollback);
    const deleted = rb.filter((c) => c[2] === '-D' && c[3] === 'FWLENS-BLOCK').map((c) => c.slice(3).join('\x1f'));
    expect(deleted).toEqual(added);
    expect(rb.at(-1)).toEqual(['iptables', '-w', '-X', 'FWLENS-BLOCK']);
  });

  it('the expiry sweep deletes only expired rules, by number from the end, and never runs rule text', () => {
    const rules = join(t.dir, 'rules.txt');
    writeFileSync(rules, [
      '-N FWLENS-BLOCK',
      '-A FWLENS-BLOCK -s 8.8.8.8/32 -m comment --comment "fwlens: a expires=1000" -j DROP',
      '-A FWLENS-BLOCK -s 8.8.4.4/32 -m comment --comment "fwlens: b expires=99999999999" -j DROP',
      `-A FWLENS-BLOCK -s 9.9.9.9/32 -m comment --comment "$(touch ${MARKER}) \`touch ${MARKER}\` expires=1001" -j DROP`,
      '-A FWLENS-BLOCK -s 1.1.1.1/32 -m comment --comment "fwlens: no expiry" -j DROP',
      '-A FWLENS-BLOCK -s 1.0.0.1/32 -m comment --comment "fwlens: expires=12x" -j DROP',
      '',
    ].join('\n'));
    const out = render('iptables', targets, OPTS);
    const calls = runStubbed(out.sweep!, { STUB_RULES: rules });
    expect(calls.filter((c) => c[2] === '-D')).toEqual([['iptables', '-w', '-D', 'FWLENS-BLOCK', '3'], ['iptables', '-w', '-D', 'FWLENS-BLOCK', '1']]);
    expect(existsSync(MARKER)).toBe(false);
  });

  it('restore-format and nft/ipset/pf text keep hostile text inside one quoted comment', () => {
    for (const f of ['iptables', 'nft', 'ipset', 'pf'] as Format[]) {
      const text = render(f, targets, OPTS).script;
      for (const line of text.split('\n')) {
        if (line.startsWith('#')) continue;
        // Quoted strings hold only the safe set; outside them nothing can expand or escape.
        for (const q of line.match(/"[^"]*"/g) ?? []) expect(q).toMatch(/^"[A-Za-z0-9 ._,:/@()+=-]*"$/);
        expect(line.replace(/"[^"]*"/g, '')).not.toMatch(/[`$\\'"]/);
      }
    }
  });
});
