// SQL of the case's block list (table block_list, migration 8) and the ASN prefix count its confirmations show.
import type { SqlRunner } from './saved-queries.ts';

export interface BlockListRow { item: string; direction: string; why: string | null; addedBy: string; addedAt: unknown }

export async function listBlockList(db: SqlRunner): Promise<BlockListRow[]> {
  const rows = await db.all(`SELECT item, direction, why, added_by, added_at FROM block_list ORDER BY id`);
  return rows.map((r) => ({ item: String(r.item), direction: String(r.direction), why: r.why === null ? null : String(r.why), addedBy: String(r.added_by), addedAt: r.added_at }));
}

export async function blockListSize(db: SqlRunner): Promise<number> {
  return Number((await db.all(`SELECT count(*) AS n FROM block_list`))[0].n);
}

/** Inserts the items not listed yet (distinct), in order: an item already there keeps its first why, direction and author. Answers how many were new. */
export async function insertBlockItems(db: SqlRunner, items: Array<{ item: string; direction: string; why: string | null }>, addedBy: string): Promise<number> {
  if (!items.length) return 0;
  const before = await blockListSize(db);
  // ORDER BY the position gives the ids (the list's order) in the order given; the JSON is bound, never spliced.
  await db.all(
    `INSERT INTO block_list (item, direction, why, added_by, added_at)
     SELECT e.item, e.direction, e.why, $2, now()::TIMESTAMP
       FROM (SELECT unnest(l) AS e, unnest(range(len(l))) AS pos
               FROM (SELECT from_json($1, '[{"item":"VARCHAR","direction":"VARCHAR","why":"VARCHAR"}]') AS l))
      WHERE e.item NOT IN (SELECT item FROM block_list)
      ORDER BY pos`,
    [JSON.stringify(items), addedBy],
  );
  return (await blockListSize(db)) - before;
}

export async function deleteBlockItems(db: SqlRunner, items: string[]): Promise<number> {
  const before = await blockListSize(db);
  await db.all(`DELETE FROM block_list WHERE item IN (SELECT unnest($1::VARCHAR[]))`, [JSON.stringify(items)]);
  return before - (await blockListSize(db));
}

export async function clearBlockList(db: SqlRunner): Promise<number> {
  const n = await blockListSize(db);
  await db.all(`DELETE FROM block_list`);
  return n;
}

export async function setBlockDirection(db: SqlRunner, item: string, direction: string): Promise<boolean> {
  const rows = await db.all(`UPDATE block_list SET direction = $2 WHERE item = $1 RETURNING item`, [item, direction]);
  return rows.length > 0;
}

/** Prefixes known per ASN, counted in DuckDB (an ASN can hold tens of thousands: they are not read here). */
export async function asnPrefixCounts(db: SqlRunner, asns: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!asns.length) return out;
  const rows = await db.all(`SELECT asn, count(*) AS n FROM asn_ranges WHERE asn IN (SELECT unnest($1::UINTEGER[])) GROUP BY asn`, [JSON.stringify([...new Set(asns)])]);
  for (const r of rows) out.set(Number(r.asn), Number(r.n));
  return out;
}

/** The case's internal_networks setting, read on the app's side connection. */
export async function internalNetworksText(db: SqlRunner): Promise<string> {
  const rows = await db.all(`SELECT value FROM fwlens_meta WHERE key = 'internal_networks'`);
  return rows.length ? String(rows[0].value ?? '') : '';
}
