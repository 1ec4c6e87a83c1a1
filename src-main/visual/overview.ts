// The Overview of a case under the shared filter: totals, span, and the top lists as bars that each
// carry the filter clauses a click adds in Explore.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Overview, OverviewBar, ViewFilter } from '../shared/visual.ts';
import { overviewSql } from '../db/visual-sql.ts';
import { checkFilter, readOnly, readRows } from '../db/view-filter.ts';
import { iso, num } from '../app/result.ts';
import { checkViewFilter } from './request.ts';

export function checkOverviewRequest(input: unknown): ViewFilter {
  const r = checkViewFilter(input, []);
  return { where: r.where, since: r.since, until: r.until };
}

type Row = Record<string, unknown>;
const OUT = { kind: 'scope', value: 'outbound' };

const CLICK: Record<'actions' | 'ports' | 'orgs' | 'countries' | 'talkers', (r: Row) => OverviewBar['filter']> = {
  actions: (r) => (r.k === 'OTHER' ? [] : [{ kind: 'action', value: String(r.k) }]),
  ports: (r) => [{ kind: 'proto', value: String(r.proto) }, { kind: 'dport', value: String(r.dport) }],
  orgs: (r) => [OUT, { kind: 'asn', value: String(r.k) }],
  countries: (r) => [OUT, { kind: 'country', value: String(r.k) }],
  talkers: (r) => [OUT, { kind: 'src', value: String(r.k) }],
};

export async function overview(conn: DuckDBConnection, req: ViewFilter, top = 10): Promise<Overview> {
  const started = performance.now();
  await checkFilter(conn, req);
  const sql = overviewSql(req, top);
  return readOnly(conn, async () => {
    const bars = async (k: keyof typeof CLICK) =>
      (await readRows(conn, sql[k])).map((r) => ({ filter: CLICK[k](r), label: String(r.label ?? r.k), events: num(r.n) }));
    const [t] = await readRows(conn, sql.totals);
    return {
      events: num(t.events), sources: num(t.sources), firstTs: iso(t.first_ts), lastTs: iso(t.last_ts),
      actions: await bars('actions'), ports: await bars('ports'), orgs: await bars('orgs'), countries: await bars('countries'),
      talkers: await bars('talkers'), sql: Object.values(sql).join(';\n\n'), elapsedMs: Math.round(performance.now() - started),
    };
  });
}
