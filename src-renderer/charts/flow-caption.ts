// What a flow graph shows, in words: the subtitle of its picture in the app's export and the CLI's.
import type { FlowGraph } from '../../src-main/shared/visual.ts';

export function flowCaption(g: FlowGraph): string {
  const r = g.request;
  const range = r.since || r.until ? `${r.since ?? '…'} to ${r.until ?? '…'}` : 'all times';
  const parts = [`${r.source === 'flows' ? 'flows · ' : ''}${r.direction} · ${r.from} → ${r.via ? `${r.via} → ` : ''}${r.to} · ${r.weight} · top ${r.top}`, range];
  if (r.where.trim() !== 'TRUE') parts.push(`where ${r.where.trim().replace(/\s+/g, ' ')}`);
  if (r.baseline) parts.push(`new after ${g.baselineAt ?? r.baseline}`);
  parts.push(`${g.events.toLocaleString('en-US')} events`);
  return parts.join(' · ');
}
