// What a view keeps in the open case (columns chosen, filters, editor text): read once, written a moment after it changes.
import { api } from './app.svelte.ts';

const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** The value kept under `key` in the open case, or `fallback` (also when the case cannot say). */
export async function loadCaseUi<T>(key: string, fallback: T, check: (v: unknown) => v is T): Promise<T> {
  const r = await api().uiState(key);
  return r.ok && check(r.value) ? r.value : fallback;
}

/** Keeps `value` under `key`, 400 ms after the last change (typing is not a write per key stroke). */
export function saveCaseUi(key: string, value: unknown): void {
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => {
    timers.delete(key);
    void api().setUiState(key, value);
  }, 400));
}

/** Writes what is pending now (before a case switch or a page leaving). */
export async function flushCaseUi(pending: Array<[string, unknown]>): Promise<void> {
  for (const [key, value] of pending) {
    clearTimeout(timers.get(key));
    timers.delete(key);
    await api().setUiState(key, value);
  }
}
