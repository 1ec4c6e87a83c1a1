// Case settings, kept in fwlens_meta next to the schema version, each validated before it is stored.
import type { CaseDb } from './case-db.ts';
import { CaseError } from './case-db.ts';

export const SETTINGS = {
  /** Client ports above this are collapsed in the flows view. */
  ephemeral_port_min: { doc: 'source ports above this are shown as NULL in `flows`', check: (v: string) => /^\d+$/.test(v) && Number(v) <= 65535 },
} as const;

export async function listSettings(db: CaseDb): Promise<Array<[string, string]>> {
  const rows = await db.all(`SELECT key, value FROM fwlens_meta WHERE key IN (${Object.keys(SETTINGS).map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY key`, Object.keys(SETTINGS));
  return rows.map((r) => [r.key as string, r.value as string]);
}

export async function setSetting(db: CaseDb, key: keyof typeof SETTINGS, value: string): Promise<void> {
  if (!SETTINGS[key].check(value)) throw new CaseError('BAD_VALUE', `setting ${key}: "${value}" is not valid (${SETTINGS[key].doc})`);
  await db.run(`INSERT OR REPLACE INTO fwlens_meta VALUES ($1, $2)`, [key, value]);
}
