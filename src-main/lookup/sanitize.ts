// Making network-supplied text safe to hold: control characters out, lengths capped, shapes validated.

// ANSI/VT escape sequences go as a whole so no half-sequence ("[31m") is left behind.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0, DEL, C1, plus bidi overrides and zero-width characters that make text read differently than it is.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

export const MAX_FIELD = 200;

/**
 * One-line text: escapes and control characters removed (newlines become spaces), whitespace collapsed,
 * capped at `max` code points. Shell and HTML metacharacters stay: they are legitimate in org names
 * ("AT&T", "O'Brien") and are the writer's job to quote. Null when nothing is left.
 */
export function cleanText(value: unknown, max = MAX_FIELD): string | null {
  if (typeof value !== 'string') return null;
  let s = value.replace(ANSI, '').replace(/[\t\n\r\v\f]/g, ' ').replace(CONTROL, '');
  s = s.replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  const cps = Array.from(s);
  return cps.length > max ? cps.slice(0, max - 1).join('') + '…' : s;
}

/** Multi-line text (raw answers): escapes and controls removed except newline and tab, capped. */
export function cleanRaw(value: string, maxChars = 64 * 1024): string {
  const s = value.replace(/\r\n?/g, '\n').replace(ANSI, '').replace(CONTROL_KEEP_LINES, '');
  return s.length > maxChars ? s.slice(0, maxChars) + '\n[… truncated]' : s;
}

// Deliberately narrower than RFC 5322: quotes, `$`, backticks and spaces in local parts are legal but
// such an address is far more likely an attack than a real abuse desk.
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function cleanEmail(value: unknown): string | null {
  const s = cleanText(value, 320);
  if (s === null) return null;
  const m = /^(?:mailto:)?<?([^\s<>]+?)>?$/i.exec(s);
  return m && EMAIL.test(m[1]) ? m[1] : null;
}

/** ISO 3166 alpha-2 shape (registries also use EU and ZZ, so no list check). */
export function cleanCountry(value: unknown): string | null {
  const s = cleanText(value, 10);
  return s !== null && /^[A-Za-z]{2}$/.test(s) ? s.toUpperCase() : null;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A DNS host name in letters, digits, `-` and `_` (seen in real PTRs), lower case, no trailing dot. */
export function cleanHostname(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.toLowerCase().replace(/\.$/, '');
  if (s.length === 0 || s.length > 253) return null;
  return s.split('.').every((l) => LABEL.test(l)) ? s : null;
}
