// Owns the month abbreviations that localized syslog/journalctl stamps use (`avr 01 16:47:50`, `Mär`, `мая`).

/*
 * glibc's abbreviated month names (%b) of the common locales, in old and new spellings. Keys are
 * lower case with any trailing dot removed; accented forms are listed with and without accents,
 * since logs pass through tools that strip them. Where locales share a spelling (`mar`, `mai`,
 * `set`, `lis`) they name the same month, which the check at load guarantees.
 */
const LOCALES: Record<string, string[]> = {
  fr: ['janv janvier', 'févr fevr fév fev février fevrier', 'mars', 'avr avril', 'mai', 'juin',
    'juil juillet', 'août aout', 'sept septembre', 'oct octobre', 'nov novembre', 'déc dec décembre decembre'],
  de: ['jan jän jan januar', 'feb februar', 'mär mar mrz märz maerz', 'apr april', 'mai', 'jun juni',
    'jul juli', 'aug august', 'sep sept september', 'okt oktober', 'nov november', 'dez dezember'],
  es: ['ene enero', 'feb febrero', 'mar marzo', 'abr abril', 'may mayo', 'jun junio', 'jul julio',
    'ago agosto', 'sep sept set septiembre', 'oct octubre', 'nov noviembre', 'dic diciembre'],
  it: ['gen gennaio', 'feb febbraio', 'mar marzo', 'apr aprile', 'mag maggio', 'giu giugno', 'lug luglio',
    'ago agosto', 'set settembre', 'ott ottobre', 'nov novembre', 'dic dicembre'],
  pt: ['jan janeiro', 'fev fevereiro', 'mar março marco', 'abr abril', 'mai maio', 'jun junho', 'jul julho',
    'ago agosto', 'set setembro', 'out outubro', 'nov novembro', 'dez dezembro'],
  nl: ['jan januari', 'feb februari', 'mrt maart', 'apr april', 'mei', 'jun juni', 'jul juli',
    'aug augustus', 'sep sept september', 'okt oktober', 'nov november', 'dec december'],
  pl: ['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź paz', 'lis', 'gru'],
  ru: ['янв', 'фев февр', 'мар', 'апр', 'мая май', 'июн июня', 'июл июля', 'авг', 'сен сент', 'окт', 'ноя нояб', 'дек'],
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'sept september', 'october', 'november', 'december'],
  sv: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  da: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  nb: ['jan', 'feb', 'mar', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'des'],
  cs: ['led', 'úno uno', 'bře bre', 'dub', 'kvě kve', 'čen cen', 'čec cec', 'srp', 'zář zar', 'říj rij', 'lis', 'pro'],
  tr: ['oca', 'şub sub', 'mar', 'nis', 'may', 'haz', 'tem', 'ağu agu', 'eyl', 'eki', 'kas', 'ara'],
};

const TABLE = new Map<string, number>();
for (const [locale, months] of Object.entries(LOCALES)) {
  months.forEach((names, k) => {
    for (const name of names.split(' ')) {
      const had = TABLE.get(name);
      if (had !== undefined && had !== k + 1) throw new Error(`month-names: ${locale} '${name}' is month ${k + 1}, another locale says ${had}`);
      TABLE.set(name, k + 1);
    }
  });
}

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 0xc0;

/**
 * A localized month name at i: `(month << 8) | length` with any trailing dot counted in the length,
 * or 0 when the word there is no month name. English abbreviations are read by monthAt (the hot path).
 */
export function localMonthAt(line: string, i: number): number {
  let k = i;
  while (k < line.length && k - i < 12 && isWordChar(line.charCodeAt(k))) k++;
  if (k === i || k - i >= 12) return 0;
  const mo = TABLE.get(line.slice(i, k).toLowerCase()) ?? 0;
  if (mo === 0) return 0;
  if (line.charCodeAt(k) === 46) k++;
  return (mo << 8) | (k - i);
}

/** Every spelling read, for the docs and tests. */
export const MONTH_SPELLINGS: ReadonlyMap<string, number> = TABLE;
