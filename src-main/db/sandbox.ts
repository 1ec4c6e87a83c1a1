// Browser mode's limits on what SQL can reach: no file outside the process's own work folder (and
// the bundled ASN data the enrichment reads), no network, no extension installed or loaded on demand.
// DuckDB cannot turn external access back on while the database is open, so this holds for every
// connection of the case, user SQL included.
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { workDir } from '../app/work-dir.ts';
import { bundledAsnCsv } from '../enrich/asn-data.ts';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The folders SQL may still read and write in browser mode. */
export function allowedDirectories(): string[] {
  return [`${workDir()}/`, `${dirname(bundledAsnCsv(4))}/`];
}

export async function sandbox(conn: DuckDBConnection, allowed = allowedDirectories()): Promise<void> {
  await conn.run(`SET allowed_directories = [${allowed.map(literal).join(', ')}]`);
  await conn.run('SET enable_external_access = false');
  await conn.run('SET autoinstall_known_extensions = false');
  await conn.run('SET autoload_known_extensions = false');
}
