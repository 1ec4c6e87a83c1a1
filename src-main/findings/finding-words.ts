// The one-line detail of a scan finding, in words: "501 distinct ports within 1 min windows, over 4 min 10 s".
import { countOf, durationText } from '../shared/words.ts';

/** What the finding queries return besides the finding's own columns. */
export interface DetailFacts {
  kind: string;
  events: number;
  measured?: number | null;
  window_sec?: number | null;
  span_sec?: number | null;
  protos?: string[] | null;
  conntrack_rows?: number | null;
}

const FLAGS: Record<string, string> = { null_scan: 'no flags', xmas_scan: 'flags FIN+PSH+URG', synfin_scan: 'flags SYN+FIN', fin_scan: 'only the FIN flag' };

/** ", over 4 min 10 s", or nothing when everything happened at one instant (a single packet). */
function over(span: number | null | undefined): string {
  return span && span > 0 ? `, over ${durationText(span)}` : '';
}

export function findingDetail(f: DetailFacts): string {
  if (f.kind === 'port_scan' || f.kind === 'host_sweep') {
    const what = f.kind === 'port_scan' ? 'distinct port' : 'distinct host';
    const protos = (f.protos ?? []).filter(Boolean);
    const parts = [`${countOf(f.measured ?? 0, what)} within ${durationText(f.window_sec ?? 0)} windows${over(f.span_sec)}`];
    if (protos.length) parts.push(`${protos.length === 1 ? 'protocol' : 'protocols'} ${protos.join(', ')}`);
    if (f.conntrack_rows) parts.push(`${countOf(f.conntrack_rows, 'row')} from conntrack`);
    return parts.join('; ');
  }
  return `${countOf(f.events, 'packet')} with ${FLAGS[f.kind] ?? 'unusual flags'}${over(f.span_sec)}`;
}
