// Running a cancellable operation from a view: its opId is registered (Esc cancels the newest) for as long as it runs.
import { newOpId } from '../client/types.ts';
import { opEnded, opStarted } from './app.svelte.ts';

export async function withOpId<T>(prefix: string, started: (opId: string | null) => void, fn: (opId: string) => Promise<T>): Promise<T> {
  const opId = newOpId(prefix);
  opStarted(opId);
  started(opId);
  try {
    return await fn(opId);
  } finally {
    opEnded(opId);
    started(null);
  }
}
