// Free text (whois org names, finding titles: attacker-controlled) → an inert firewall-rule comment.

// Nothing here may close a quote, start an expansion or end a line in any target's syntax:
// no quotes, `$`, backticks, `;`, `\`, newlines, `#`, `{}`, `<>`, `|`, `&`, `*`, `!`.
const UNSAFE = /[^A-Za-z0-9 ._,:/@()+-]/g;
export const MAX_COMMENT = 200;

/** Every character outside the safe set becomes `_`; runs of spaces collapse; capped at `max`. */
export function sanitizeComment(text: string, max = MAX_COMMENT): string {
  const s = String(text).normalize('NFKC').replace(UNSAFE, '_').replace(/ {2,}/g, ' ').trim();
  return s.length > max ? s.slice(0, max) : s;
}

/** Text from the case or a dump shown on a terminal: control and format characters become '?'. */
export function printable(text: string | null | undefined): string {
  return (text ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '?');
}

/** Guard for renderers: a comment that somehow is not inert stops the export instead of reaching a script. */
export function assertInert(comment: string): string {
  if (/[^A-Za-z0-9 ._,:/@()+=-]/.test(comment) || comment.length > 256) throw new Error(`unsafe comment refused: ${JSON.stringify(comment)}`);
  return comment;
}

/** Ports reach scripts only as integers 1–65535. */
export function checkPort(port: number | undefined): number | undefined {
  if (port === undefined) return undefined;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port must be a whole number 1-65535, not ${String(port)}`);
  return port;
}
