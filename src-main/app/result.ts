// Turning outcomes into the contract's Result: every thrown error becomes a code and one-line message.
import type { ErrorCode, Result } from '../shared/api.ts';
import { CaseError } from '../db/case-db.ts';
import { InputError } from '../import/discover.ts';
import { ImportCancelled } from '../import/import-source.ts';
import { ReadOnlyRefused } from '../db/user-sql.ts';

/** An error the service raises on purpose, with the code the renderer acts on. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function toFailure(e: unknown): Result<never> {
  const message = ((e as Error)?.message ?? String(e)).split('\n')[0];
  let code: ErrorCode = 'INTERNAL';
  if (e instanceof AppError || e instanceof CaseError) code = e.code;
  else if (e instanceof InputError) code = 'INPUT';
  else if (e instanceof ImportCancelled) code = 'CANCELLED';
  else if (e instanceof ReadOnlyRefused) code = 'BAD_ARGUMENT';
  else if (/^INTERRUPT Error|Interrupted/.test(message)) return { ok: false, error: { code: 'CANCELLED', message: 'query cancelled' } };
  // DuckDB's errors carry their class first (Parser Error, Binder Error, Catalog Error…): the user's SQL.
  else if (/^[A-Z][A-Za-z ]* Error: /.test(message)) code = 'SQL';
  // The message is one line; where DuckDB points (its LINE excerpt and caret) travels beside it.
  const where = code === 'SQL' || code === 'INTERNAL' ? /LINE \d+: [^\n]*\n *\^/.exec((e as Error)?.message ?? '')?.[0] : undefined;
  return { ok: false, error: where ? { code, message, where } : { code, message } };
}

/** Runs fn and answers a Result, whatever it throws. */
export async function guard<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    if (process.env.FWLENS_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
    return toFailure(e);
  }
}

/** ISO text of a DuckDB timestamp value, or null. */
export function iso(v: unknown): string | null {
  if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString();
  return v === null || v === undefined ? null : String(v);
}

export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
