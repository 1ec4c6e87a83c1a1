// Which value a field shows when the case's kept value arrives after the view opened: what was typed meanwhile wins.

/** `loaded` unless the field changed while it was being read (`before` → `now`): a late answer must not erase typing. */
export function keptOrTyped(before: string, now: string, loaded: string): string {
  return now !== before ? now : loaded;
}
