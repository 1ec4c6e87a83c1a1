// `fwlens config CASE [KEY [VALUE]]`: the case's settings (kept in the case file).
import { CaseDb } from '../db/case-db.ts';
import { SETTINGS, listSettings, setSetting } from '../db/settings.ts';
import { UsageError } from './index.ts';

export async function cmdConfig(args: string[]): Promise<number> {
  const [casePath, key, value, ...more] = args;
  if (!casePath || more.length) throw new UsageError('config needs a case file, then optionally a key and a value');
  if (key !== undefined && !(key in SETTINGS)) throw new UsageError(`unknown setting "${key}" (known: ${Object.keys(SETTINGS).join(', ')})`);
  const db = await CaseDb.open(casePath, { readOnly: value === undefined });
  try {
    if (value !== undefined) await setSetting(db, key as keyof typeof SETTINGS, value);
    for (const [k, v] of await listSettings(db)) if (key === undefined || k === key) process.stdout.write(`${k} = ${v}\n`);
  } finally {
    db.close();
  }
  return 0;
}
