// The map's data: external ends by country, and by city where a City database gave coordinates.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { GeoSummary, ViewFilter } from '../shared/visual.ts';
import { citiesSql, countriesSql, HAS_COORDINATES_SQL } from '../db/visual-sql.ts';
import { checkFilter, readOnly, readRows } from '../db/view-filter.ts';
import { num, str } from '../app/result.ts';
import { checkViewFilter } from './request.ts';

export function checkGeoRequest(input: unknown): ViewFilter {
  const r = checkViewFilter(input, []);
  return { where: r.where, since: r.since, until: r.until };
}

export async function geoSummary(conn: DuckDBConnection, req: ViewFilter): Promise<GeoSummary> {
  const started = performance.now();
  await checkFilter(conn, req);
  return readOnly(conn, async () => {
    const sql = countriesSql(req);
    const countries = (await readRows(conn, sql)).map((r) => ({ country: str(r.country), events: num(r.events), addresses: num(r.addresses), blocked: num(r.blocked) }));
    const withCities = num((await readRows(conn, HAS_COORDINATES_SQL))[0].n) > 0;
    const cities = withCities
      ? (await readRows(conn, citiesSql(req))).map((r) => ({ city: String(r.city ?? ''), country: str(r.country), lat: num(r.lat), lon: num(r.lon), events: num(r.events) }))
      : [];
    return { countries, cities, sql, elapsedMs: Math.round(performance.now() - started) };
  });
}
