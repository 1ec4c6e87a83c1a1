// `fwlens query CASE "SQL"`: runs one statement read-only and prints a table, CSV or JSON.
import { CaseDb } from '../db/case-db.ts';
import { runQuery } from '../db/query.ts';
import { formatCsv, formatJson, formatTable } from '../shared/format-table.ts';
import { UsageError, intOption, type CliValues } from './index.ts';
import { ensureAsnRanges } from '../db/ip-info.ts';

export async function cmdQuery(args: string[], v: CliValues): Promise<number> {
  const [casePath, sql, ...more] = args;
  if (!casePath || !sql) throw new UsageError('query needs a case file and an SQL statement');
  if (more.length) throw new UsageError('put the SQL statement in one quoted argument');
  if (v.csv && v.json) throw new UsageError('choose one of --csv and --json');
  const limit = intOption(v.limit, 'limit', 200);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    // A case made by `fwlens import` gets its copy of the ASN ranges when first needed.
    if (/asn_ranges/i.test(sql)) await ensureAsnRanges(db);
    const { columns, rows } = await runQuery(db, sql);
    if (v.csv) process.stdout.write(formatCsv(columns, rows));
    else if (v.json) process.stdout.write(formatJson(columns, rows));
    else {
      process.stdout.write(formatTable(columns, rows.slice(0, limit)) + '\n');
      const more = rows.length - limit;
      process.stdout.write(more > 0 ? `(${rows.length} rows; ${more} not shown: use --limit, --csv or --json)\n` : `(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
    }
  } finally {
    db.close();
  }
  return 0;
}
