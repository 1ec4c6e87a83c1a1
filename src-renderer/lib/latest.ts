// Only the newest answer counts: each call cancels the one before it (a brush or filter change makes
// it stale) and a late answer to a stale call is dropped.
import type { Result } from '../../src-main/shared/api.ts';
import { newOpId } from '../client/index.ts';
import { api } from '../state/app.svelte.ts';

export function latest<T>(prefix: string): (call: (opId: string) => Promise<Result<T>>) => Promise<Result<T> | null> {
  let current: string | null = null;
  return async (call) => {
    if (current) void api().cancel(current);
    const id = newOpId(prefix);
    current = id;
    const r = await call(id);
    if (current !== id) return null;
    current = null;
    return r;
  };
}

/**
 * A view's loader: calls through `latest` and hands the newest answer to `set` (value, or the error
 * message; a cancel by a newer call says nothing).
 */
export function loader<T>(prefix: string, set: (value: T | null, error: string | null) => void): (call: (opId: string) => Promise<Result<T>>) => void {
  const next = latest<T>(prefix);
  return (call) => {
    void next(call).then((r) => {
      if (!r) return;
      if (r.ok) set(r.value, null);
      else if (r.error.code !== 'CANCELLED') set(null, r.error.message);
    });
  };
}
