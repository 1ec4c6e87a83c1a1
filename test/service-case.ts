// What the service-level tests share: a case file built once and the FwlensService opened on it.
import { CaseDb } from '../src-main/db/case-db.ts';
import { enrichOffline } from '../src-main/enrich/enrich-offline.ts';
import { FwlensService } from '../src-main/app/service.ts';
import type { Result } from '../src-main/shared/api.ts';

/** The value of an ok Result; a failed one fails the test with its code and message. */
export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Creates `casePath`, lets `fill` import into it, enriches offline, and closes it for the service. */
export async function buildCase(casePath: string, fill: (db: CaseDb) => Promise<void>): Promise<void> {
  const db = await CaseDb.open(casePath, { create: true });
  try {
    await fill(db);
    await enrichOffline(db);
  } finally {
    db.close();
  }
}

export async function serviceOn(casePath: string, dataDir: string, shell: 'electron' | 'browser' = 'browser'): Promise<FwlensService> {
  const svc = new FwlensService({ shell, dataDir });
  value(await svc.openCase(casePath, false));
  return svc;
}
