// The export formats and which renderer builds each.
import type { BlockEntry, TargetSet } from './targets.ts';
import type { RenderOptions, Rendered } from './render-types.ts';
import { renderRestore, renderShell } from './render-iptables.ts';
import { renderNft } from './render-nft.ts';
import { renderIpset } from './render-ipset.ts';
import { renderFirewalld } from './render-firewalld.ts';
import { renderUfw } from './render-ufw.ts';
import { renderPf } from './render-pf.ts';

export const FORMATS = ['iptables', 'ip6tables', 'iptables-sh', 'ip6tables-sh', 'nft', 'ipset', 'firewalld', 'ufw', 'pf'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** The entries a format writes: iptables formats are single-family. */
export function writtenEntries(format: Format, t: TargetSet): BlockEntry[] {
  if (format === 'iptables' || format === 'iptables-sh') return t.v4;
  if (format === 'ip6tables' || format === 'ip6tables-sh') return t.v6;
  return [...t.v4, ...t.v6];
}

/** `o.notes` as comment lines under the first `# fwlens` line; printable ASCII only, so none can end its line. */
function withNotes(r: Rendered & { skipped: number }, notes: string[] | undefined): Rendered & { skipped: number } {
  if (!notes?.length) return r;
  const lines = r.script.split('\n');
  const at = lines.findIndex((l) => l.startsWith('# fwlens')) + 1;
  lines.splice(at, 0, ...notes.map((n) => `# ${n.replace(/[^\x20-\x7e]/g, '?')}`));
  return { ...r, script: lines.join('\n') };
}

/** Renders one format; iptables formats are single-family, so the other family's entries are reported, not lost silently. */
export function render(format: Format, t: TargetSet, o: RenderOptions): Rendered & { skipped: number } {
  return withNotes(renderFormat(format, t, o), o.notes);
}

function renderFormat(format: Format, t: TargetSet, o: RenderOptions): Rendered & { skipped: number } {
  switch (format) {
    case 'iptables': return { ...renderRestore('iptables', t.v4, o), skipped: t.v6.length };
    case 'ip6tables': return { ...renderRestore('ip6tables', t.v6, o), skipped: t.v4.length };
    case 'iptables-sh': return { ...renderShell('iptables', t.v4, o), skipped: t.v6.length };
    case 'ip6tables-sh': return { ...renderShell('ip6tables', t.v6, o), skipped: t.v4.length };
    case 'nft': return { ...renderNft(t.v4, t.v6, o), skipped: 0 };
    case 'ipset': return { ...renderIpset(t.v4, t.v6, o), skipped: 0 };
    case 'firewalld': return { ...renderFirewalld(t.v4, t.v6, o), skipped: 0 };
    case 'ufw': return { ...renderUfw(t.v4, t.v6, o), skipped: 0 };
    case 'pf': return { ...renderPf(t.v4, t.v6, o), skipped: 0 };
  }
}

/** `7d`, `12h`, `30m`, `45s` or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,9})([smhdw]?)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (e.g. 3600, 30m, 12h, 7d)`);
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  const n = Number(m[1]) * mult;
  if (n < 1) throw new Error('the expiry must be at least one second');
  return n;
}
