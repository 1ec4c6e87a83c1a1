// Country names ↔ ISO alpha-2 codes for the country filter: what a user may type, and what completion offers.
import { COUNTRY_NAMES } from '../charts/iso-numeric.ts';

// Names people type that the ISO short names do not spell that way (keys lower case, no punctuation).
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US', us: 'US', 'united states of america': 'US', america: 'US', 'the united states': 'US',
  uk: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  russia: 'RU', 'russian federation': 'RU', 'south korea': 'KR', korea: 'KR', 'republic of korea': 'KR', 'north korea': 'KP',
  'czech republic': 'CZ', holland: 'NL', 'the netherlands': 'NL', uae: 'AE', emirates: 'AE', 'hong kong sar': 'HK',
  'ivory coast': 'CI', 'cote divoire': 'CI', 'drc': 'CD', 'democratic republic of the congo': 'CD', 'republic of the congo': 'CG',
  burma: 'MM', 'cape verde': 'CV', swaziland: 'SZ', 'east timor': 'TL', vatican: 'VA', 'vatican city': 'VA', turkey: 'TR',
  turkiye: 'TR', 'macedonia': 'MK', 'persia': 'IR', 'iran islamic republic of': 'IR', 'viet nam': 'VN', 'lao': 'LA', laos: 'LA',
  moldova: 'MD', 'syria': 'SY', 'taiwan province of china': 'TW', 'palestine': 'PS', 'bolivia': 'BO', 'venezuela': 'VE',
};

/** Lower case, accents and punctuation dropped: "Côte d'Ivoire" → "cote divoire". */
export function normalizeName(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9 ]+/g, '').replace(/\s+/g, ' ').trim();
}

const BY_NAME = new Map<string, string>();
for (const [code, name] of Object.entries(COUNTRY_NAMES)) BY_NAME.set(normalizeName(name), code);
for (const [alias, code] of Object.entries(ALIASES)) if (!BY_NAME.has(alias) && Object.hasOwn(COUNTRY_NAMES, code)) BY_NAME.set(alias, code);

/** Whether a two-letter text is a known code (the data may still hold others, e.g. EU or ZZ). */
export function isKnownCode(code: string): boolean {
  return Object.hasOwn(COUNTRY_NAMES, code.toUpperCase());
}

/**
 * The alpha-2 code a typed text stands for: a code ("de", "DE"), a name ("Germany", case and accents
 * ignored), an alias ("USA", "UK"), or a completion's own text ("DE Germany"); null when none.
 * Two letters are taken as a code ("UK", not a code, as its alias GB), so "US" is never a name prefix.
 */
export function resolveCountry(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return isKnownCode(t) ? t.toUpperCase() : (BY_NAME.get(t.toLowerCase()) ?? t.toUpperCase());
  const labelled = /^([A-Za-z]{2})\s+(.+)$/.exec(t);
  if (labelled && BY_NAME.get(normalizeName(labelled[2])) === labelled[1].toUpperCase()) return labelled[1].toUpperCase();
  return BY_NAME.get(normalizeName(t)) ?? null;
}

/** "DE Germany", or just the code when the table does not know it. */
export function countryLabel(code: string): string {
  const c = code.toUpperCase();
  return isKnownCode(c) ? `${c} ${COUNTRY_NAMES[c]}` : c;
}

export interface CountryOption { code: string; name: string }

/** Every known country, by name. */
export const COUNTRY_OPTIONS: readonly CountryOption[] = Object.entries(COUNTRY_NAMES)
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

/**
 * Countries matching what is typed so far, best first: the exact code, then names and aliases
 * starting with it, then names containing it. At most `limit`.
 */
export function countryMatches(text: string, limit = 8): CountryOption[] {
  const q = normalizeName(text);
  if (!q) return COUNTRY_OPTIONS.slice(0, limit);
  const scored = new Map<string, number>();
  const score = (code: string, s: number) => scored.set(code, Math.min(scored.get(code) ?? 9, s));
  if (q.length === 2 && isKnownCode(q)) score(q.toUpperCase(), 0);
  for (const [name, code] of BY_NAME) {
    if (name === q) score(code, 1);
    else if (name.startsWith(q)) score(code, 2);
    else if (q.length >= 3 && name.includes(q)) score(code, 3);
  }
  return [...scored].sort((a, b) => a[1] - b[1] || COUNTRY_NAMES[a[0]].localeCompare(COUNTRY_NAMES[b[0]], 'en'))
    .slice(0, limit).map(([code]) => ({ code, name: COUNTRY_NAMES[code] }));
}
