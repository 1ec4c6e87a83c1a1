// `fwlens graph` as users run it: JSON that equals the same question in SQL, SVG that parses, PNG of
// the asked size with something drawn, and DOT that Graphviz accepts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { tempDir, fwlensResult, ROOT } from '../helpers.ts';
import { NEEDS, requires } from '../requires.ts';

const t = tempDir();
const kase = join(t.dir, 'small.duckdb');
beforeAll(() => {
  const r = fwlensResult('import', kase, join(ROOT, 'test/fixtures/visual/flows-small.log'), '--quiet');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

/** Width, height and the inflated pixel rows of a PNG (IHDR, then the IDAT chunks). */
function png(buf: Buffer): { width: number; height: number; data: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  for (let off = 8; off < buf.length;) {
    const len = buf.readUInt32BE(off);
    if (buf.toString('latin1', off + 4, off + 8) === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), data: inflateSync(Buffer.concat(idat)) };
}

describe('fwlens graph', () => {
  it('JSON: nodes and links whose events are the SQL counts of the same question', () => {
    const r = fwlensResult('graph', kase, '--from', 'host', '--to', 'asn', '--format', 'json', '--top', '500');
    expect(r.code, r.err).toBe(0);
    const g = JSON.parse(r.out) as { nodes: Array<{ id: string; side: string; label: string; events: number }>; links: Array<{ source: string; target: string; events: number }>; events: number };
    const q = fwlensResult('query', kase, `SELECT src, dst_asn, count(*)::INTEGER n FROM events_enriched
      WHERE dst_scope = 'external' AND src_scope IS DISTINCT FROM 'external' AND dst_asn IS NOT NULL GROUP BY ALL`, '--json');
    const rows = JSON.parse(q.out) as Array<{ src: string; dst_asn: number; n: number }>;
    expect(g.links.map((l) => `${l.source} ${l.target} ${l.events}`).sort()).toEqual(rows.map((x) => `L:host:${x.src} R:asn:AS${x.dst_asn} ${x.n}`).sort());
    expect(g.links.reduce((s, l) => s + l.events, 0)).toBe(g.events);
    expect(g.events).toBe(8);
    expect(g.nodes.find((n) => n.id === 'R:asn:AS15169')).toMatchObject({ side: 'right', label: 'AS15169 Google LLC', events: 4 });
  });

  it('--where narrows it, and a --where that is not one condition is refused with exit 1', () => {
    const r = fwlensResult('graph', kase, '--format', 'json', '--where', `action = 'DROP'`);
    expect(JSON.parse(r.out).events).toBe(3);
    const bad = fwlensResult('graph', kase, '--format', 'json', '--where', `1=1) UNION ALL (SELECT 1`);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/filter does not compile|not a plain condition/);
    const usage = fwlensResult('graph', kase, '--to', 'moon');
    expect(usage.code).toBe(1);
    expect(usage.err).toMatch(/to must be one of address, subnet, asn, country, port/);
  });

  it('SVG: a standalone document that parses as XML, with a title, the legend and a mark per node', () => {
    const out = join(t.dir, 'g.svg');
    const r = fwlensResult('graph', kase, '--format', 'svg', '--out', out, '--baseline', '2024-03-14T06:00Z');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/6 nodes, 6 links, 8 events/);
    const text = readFileSync(out, 'utf8');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.documentElement.tagName.toLowerCase()).toBe('svg');
    expect(text).toContain('fwlens · small.duckdb');
    expect(text).toContain('new since baseline');
    for (const id of ['L:host:192.168.1.10', 'R:asn:AS19281']) expect(text).toContain(`data-id="${id}"`);
  });

  it('PNG: the asked size, and not blank', () => {
    const out = join(t.dir, 'g.png');
    const r = fwlensResult('graph', kase, '--format', 'png', '--out', out, '--width', '900', '--height', '600', '--theme', 'dark', '--layout', 'network');
    expect(r.code, r.err).toBe(0);
    const p = png(readFileSync(out));
    expect([p.width, p.height]).toEqual([900, 600]);
    // A blank picture inflates to a few repeated bytes; a drawing to many different ones.
    expect(new Set(p.data).size).toBeGreaterThan(64);
  });

  const dotIt = requires(NEEDS.dot);
  dotIt('DOT: Graphviz draws it', () => {
    const r = fwlensResult('graph', kase, '--format', 'dot', '--via', 'service');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^digraph /);
    const d = spawnSync('dot', ['-Tsvg'], { input: r.out, encoding: 'utf8' });
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toContain('AS15169 Google LLC');
  });
});
