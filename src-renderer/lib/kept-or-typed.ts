// Which value a field shows when the case's kept value arrives after the view opened: what was typed meanwhile wins.

/** JSON equality for the plain values views keep (filters, choices, text). */
const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** `loaded` unless the value changed while it was being read (`before` → `now`): a late answer must not erase typing. */
export function keptOrTyped<T>(before: T, now: T, loaded: T): T {
  return sameJson(before, now) ? loaded : now;
}
