// What a typed filter value is kept as: countries as their code, times in the one ISO form the core reads.
import type { FilterKind } from './filter-model.ts';
import { resolveCountry } from './country-names.ts';
import { canonicalTime } from './time-text.ts';

/**
 * The value a clause keeps for typed text: "germany" → "DE", "2024-01-08 03:00 UTC" → "2024-01-08T03:00".
 * Text that cannot be read is kept as typed, so the clause's own check reports what is wrong with it.
 */
export function normalizeClauseValue(kind: FilterKind, text: string): string {
  const t = text.trim();
  if (kind === 'country') return resolveCountry(t) ?? t;
  if (kind === 'since' || kind === 'until') {
    try {
      return canonicalTime(t);
    } catch {
      return t;
    }
  }
  return t;
}
