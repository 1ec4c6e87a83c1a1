// Only the newest answer counts: each call cancels the one before it (a brush or filter change makes
// it stale) and a late answer to a stale call is dropped.
import type { Result } from '../../src-main/shared/api.ts';
import { newOpId } from '../client/index.ts';
import { api } from '../state/app.svelte.ts';

export type Latest<T> = ((call: (opId: string) => Promise<Result<T>>) => Promise<Result<T> | null>) & {
  /** Cancels the running call, if any (its answer is then dropped): for a view that is left. */
  cancel(): void;
};

export function latest<T>(prefix: string): Latest<T> {
  let current: string | null = null;
  const next = async (call: (opId: string) => Promise<Result<T>>): Promise<Result<T> | null> => {
    if (current) void api().cancel(current);
    const id = newOpId(prefix);
    current = id;
    const r = await call(id);
    if (current !== id) return null;
    current = null;
    return r;
  };
  return Object.assign(next, {
    cancel(): void {
      if (current) void api().cancel(current);
      current = null;
    },
  });
}

/**
 * A view's loader: calls through `latest` and hands the newest answer to `set` (value, or the error
 * message; a cancel by a newer call says nothing).
 */
export function loader<T>(prefix: string, set: (value: T | null, error: string | null) => void): ((call: (opId: string) => Promise<Result<T>>) => void) & { cancel(): void } {
  const next = latest<T>(prefix);
  const load = (call: (opId: string) => Promise<Result<T>>): void => {
    void next(call).then((r) => {
      if (!r) return;
      if (r.ok) set(r.value, null);
      else if (r.error.code !== 'CANCELLED') set(null, r.error.message);
    });
  };
  return Object.assign(load, { cancel: next.cancel });
}
