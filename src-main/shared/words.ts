// Numbers and durations as a person writes them ("23 h 25 min", "12,345 packets"), the same in the CLI and the app.

/** A whole count with thousands separators; fixed to "," so CLI output does not depend on the locale. */
export function countText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0 ? '-' : '';
  const [int, frac] = String(Math.abs(n)).split('.');
  return neg + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
}

/** `1 packet`, `2 packets`, `12,345 packets`; `plural` for irregular words. */
export function countOf(n: number, word: string, plural = word + 's'): string {
  return `${countText(n)} ${n === 1 ? word : plural}`;
}

/**
 * A duration in its two largest units: `0.25 s`, `42 s`, `4 min 10 s`, `23 h 25 min`, `3 d 4 h`.
 * Below 10 s it keeps up to two decimals (scan bursts are sub-second); above, whole units, rounded
 * down so "59 min 59 s" never shows as "60 min".
 */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return '-' + durationText(-seconds);
  if (seconds < 10) return `${Number(seconds.toFixed(2))} s`;
  const s = Math.floor(seconds);
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  const i = units.findIndex(([, size]) => s >= size);
  const [bigName, big] = units[i];
  const n = Math.floor(s / big);
  if (i === units.length - 1) return `${countText(n)} ${bigName}`;
  const [smallName, small] = units[i + 1];
  const m = Math.floor((s % big) / small);
  return m ? `${countText(n)} ${bigName} ${m} ${smallName}` : `${countText(n)} ${bigName}`;
}
