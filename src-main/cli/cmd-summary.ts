// `fwlens summary CASE`: the first questions about a case, as tables.
import { CaseDb, type Row } from '../db/case-db.ts';
import { caseSummary } from '../db/summary.ts';
import { cellText, formatTable, toJsonValue } from '../shared/format-table.ts';
import { intOption, type CliValues } from './index.ts';
import { UsageError } from './index.ts';

function table(title: string, rows: Row[]): string {
  if (!rows.length) return `${title}\n  (none)\n`;
  const cols = Object.keys(rows[0]);
  return `${title}\n${formatTable(cols, rows.map((r) => cols.map((c) => r[c] ?? null))).replace(/^/gm, '  ')}\n`;
}

export async function cmdSummary(args: string[], v: CliValues): Promise<number> {
  const [casePath] = args;
  if (!casePath) throw new UsageError('summary needs a case file');
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const s = await caseSummary(db, intOption(v.top, 'top', 10));
    if (v.json) {
      process.stdout.write(JSON.stringify(toJsonValue(s), null, 2) + '\n');
      return 0;
    }
    const t = s.totals;
    process.stdout.write(
      `Case ${casePath}: ${t.events} events, ${t.rejects} rejects, from ${cellText(t.first_ts) || '-'} to ${cellText(t.last_ts) || '-'} (UTC)\n\n` +
        [
          table('Sources', s.sources),
          table('By action', s.byAction),
          table('By protocol', s.byProto),
          table('By destination port', s.byDport),
          table('Top sources', s.topSources),
          table('Top destinations', s.topDestinations),
          ...(s.byOrg.length ? [table('External peers by organisation (ASN data: RouteViews, DB-IP, NRO)', s.byOrg), table('External peers by country (IP geolocation by DB-IP)', s.byCountry)] : []),
          ...(s.conntrack.total
            ? [`conntrack: ${s.conntrack.total} entries\n`, table('By protocol and state', s.conntrack.byState), table('NAT', s.conntrack.byNat), table('Top conntrack flows (ephemeral ports collapsed)', s.conntrack.topFlows)]
            : []),
          ...(s.pcap.flows
            ? [`Captures: ${s.pcap.flows} flows, ${s.pcap.packets} packets\n`, table('Top capture flows', s.pcap.topFlows), table('Names learned from captures', s.pcap.names)]
            : []),
        ].join('\n'),
    );
  } finally {
    db.close();
  }
  return 0;
}
