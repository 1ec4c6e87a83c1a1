// What a view keeps in the open case (columns chosen, filters, editor text): read once, written a moment after it changes.
import { api } from './app.svelte.ts';

const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** Values waiting for their timer, so a case switch can write them first (flushAllCaseUi). */
const waiting = new Map<string, unknown>();

/** The value kept under `key` in the open case, or `fallback` (also when the case cannot say). */
export async function loadCaseUi<T>(key: string, fallback: T, check: (v: unknown) => v is T): Promise<T> {
  const r = await api().uiState(key);
  return r.ok && check(r.value) ? r.value : fallback;
}

/** Keeps `value` under `key`, 400 ms after the last change (typing is not a write per key stroke). */
export function saveCaseUi(key: string, value: unknown): void {
  clearTimeout(timers.get(key));
  waiting.set(key, value);
  timers.set(key, setTimeout(() => {
    timers.delete(key);
    waiting.delete(key);
    void api().setUiState(key, value);
  }, 400));
}

/** Writes every value still waiting, into the case open now (call it before opening another). */
export async function flushAllCaseUi(): Promise<void> {
  await flushCaseUi([...waiting]);
}

/** Forgets the values still waiting: the case they belonged to is no longer open, and they must not land in the new one. */
export function dropPendingCaseUi(): void {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
  waiting.clear();
}

/** Writes what is pending now (before a case switch or a page leaving). */
export async function flushCaseUi(pending: Array<[string, unknown]>): Promise<void> {
  for (const [key, value] of pending) {
    clearTimeout(timers.get(key));
    timers.delete(key);
    waiting.delete(key);
    await api().setUiState(key, value);
  }
}
