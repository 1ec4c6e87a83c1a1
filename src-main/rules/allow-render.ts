// Default-deny allow-list scripts (nftables, iptables-restore) from the validated allow model, with rollback.
import { assertInert } from './sanitize-comment.ts';
import { checkPassthrough, checkRule, type AllowRule, type AllowRuleset } from './allow-model.ts';

export const ALLOW_TABLE = 'fwlens_allow';
export const ALLOW_CHAIN = 'FWLENS-ALLOW';
export const DENY_PREFIX = 'fwlens-deny: ';
export type AllowFormat = 'nft' | 'iptables' | 'ip6tables';
export const ALLOW_FORMATS: AllowFormat[] = ['nft', 'iptables', 'ip6tables'];

export interface AllowRendered { script: string; rollback: string; skipped: number }

// nft caps comments at 128 bytes; iptables at 256. Rules are re-checked here so a hand-edited model cannot inject.
function comment(r: AllowRule): string {
  return assertInert(`fwlens-allow ${r.id}: ${r.comment}`.slice(0, 120).trim());
}

function nftRule(r: AllowRule): string {
  const ip = r.family === 4 ? 'ip' : 'ip6';
  const dst = r.dst.length === 1 ? r.dst[0] : `{ ${r.dst.join(', ')} }`;
  const l4 = r.proto === 'icmp' ? 'meta l4proto icmp' : r.proto === 'icmpv6' ? 'meta l4proto ipv6-icmp'
    : r.dport === null ? `meta l4proto ${r.proto}` : `${r.proto} dport ${r.dport}`;
  return `    ${ip} saddr ${r.src} ${ip} daddr ${dst} ${l4} counter accept comment "${comment(r)}"`;
}

// Logging is rate-limited: a default-deny list on a busy host would otherwise flood the kernel log.
function nftPass(pass: string[]): string[] {
  const v4 = pass.filter((c) => !c.includes(':')), v6 = pass.filter((c) => c.includes(':'));
  return [
    ...(v4.length ? [`    ip daddr { ${v4.join(', ')} } accept comment "not external: not filtered"`] : []),
    ...(v6.length ? [`    ip6 daddr { ${v6.join(', ')} } accept comment "not external: not filtered"`] : []),
  ];
}

function nftChain(hook: 'output' | 'forward', rules: AllowRule[], pass: string[]): string {
  return [
    `  chain ${hook} {`,
    `    type filter hook ${hook} priority filter; policy drop;`,
    '    ct state established,related accept',
    ...(hook === 'output' ? ['    oifname "lo" accept'] : []),
    ...nftPass(pass),
    ...rules.map(nftRule),
    `    limit rate 10/second burst 20 packets log prefix "${DENY_PREFIX}"`,
    '  }',
  ].join('\n');
}

function renderNft(rules: AllowRule[], pass: string[], now: number): AllowRendered {
  const script = [
    `# fwlens allow list (nftables, default deny for output and forward), generated at ${now}. Apply with: nft -f FILE`,
    // Declare-then-delete makes re-applying replace the list instead of merging into it.
    `table inet ${ALLOW_TABLE}`,
    `delete table inet ${ALLOW_TABLE}`,
    `table inet ${ALLOW_TABLE} {`,
    nftChain('output', rules, pass),
    nftChain('forward', rules, pass),
    '}',
    '',
  ].join('\n');
  const rollback = `# fwlens rollback (nftables): removes the allow list table. Apply with: nft -f FILE\ndelete table inet ${ALLOW_TABLE}\n`;
  return { script, rollback, skipped: 0 };
}

function iptRule(r: AllowRule): string {
  const p = r.proto === 'icmpv6' ? 'ipv6-icmp' : r.proto;
  const port = r.dport === null ? '' : ` --dport ${r.dport}`;
  // A comma list after -d is expanded by iptables into one rule per CIDR, all with this comment.
  return `-A ${ALLOW_CHAIN} -s ${r.src} -d ${r.dst.join(',')} -p ${p}${port} -m comment --comment "${comment(r)}" -j ACCEPT`;
}

function renderIpt(tool: 'iptables' | 'ip6tables', all: AllowRule[], passAll: string[], now: number): AllowRendered {
  const rules = all.filter((r) => r.family === (tool === 'iptables' ? 4 : 6));
  const pass = passAll.filter((c) => c.includes(':') === (tool === 'ip6tables'));
  const script = [
    `# fwlens allow list (${tool}, default deny for OUTPUT and FORWARD), generated at ${now}.`,
    `# Apply with: ${tool}-restore --noflush < FILE (the ${ALLOW_CHAIN} chain is replaced on each apply).`,
    '*filter',
    `:${ALLOW_CHAIN} - [0:0]`,
    `-I OUTPUT 1 -j ${ALLOW_CHAIN}`,
    `-I FORWARD 1 -j ${ALLOW_CHAIN}`,
    `-A ${ALLOW_CHAIN} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`,
    `-A ${ALLOW_CHAIN} -o lo -j ACCEPT`,
    ...(pass.length ? [`-A ${ALLOW_CHAIN} -d ${pass.join(',')} -m comment --comment "not external: not filtered" -j ACCEPT`] : []),
    ...rules.map(iptRule),
    `-A ${ALLOW_CHAIN} -m limit --limit 10/sec --limit-burst 20 -j LOG --log-prefix "${DENY_PREFIX}"`,
    // The chain ends in DROP rather than changing the built-in policies, so rollback restores exactly what was.
    `-A ${ALLOW_CHAIN} -j DROP`,
    'COMMIT',
    '',
  ].join('\n');
  const rollback = [
    '#!/bin/sh',
    `# fwlens rollback (${tool}): removes the ${ALLOW_CHAIN} jumps and chain. Run as root.`,
    'set -eu',
    ...['OUTPUT', 'FORWARD'].map((h) => `n=0; while [ "$n" -lt 16 ] && ${tool} -w -D ${h} -j ${ALLOW_CHAIN} 2>/dev/null; do n=$((n + 1)); done`),
    `${tool} -w -F ${ALLOW_CHAIN}`,
    `${tool} -w -X ${ALLOW_CHAIN}`,
    '',
  ].join('\n');
  return { script, rollback, skipped: all.length - rules.length };
}

export function renderAllow(format: AllowFormat, rs: AllowRuleset, now: number): AllowRendered {
  if (!Number.isInteger(now)) throw new Error('now must be whole seconds');
  const rules = rs.rules.map((r, i) => checkRule(r, `rule ${i + 1}`));
  const pass = checkPassthrough(rs.passthrough ?? []);
  if (format === 'nft') return renderNft(rules, pass, now);
  if (format === 'iptables' || format === 'ip6tables') return renderIpt(format, rules, pass, now);
  throw new Error(`format is one of ${ALLOW_FORMATS.join(', ')}`);
}
