// Who hears that the open case's data changed: a version number that only grows, and the listeners (windows, pages).
import type { CaseChange } from '../shared/api.ts';

export class CaseChanges {
  private version = 0;
  private readonly listeners = new Set<(e: CaseChange) => void>();

  on(listener: (e: CaseChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(casePath: string | null, reason: CaseChange['reason']): void {
    const e: CaseChange = { casePath, version: ++this.version, reason };
    // A listener that throws (a window closing) must not keep the others from hearing it.
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* the listener's transport is gone */
      }
    }
  }
}
