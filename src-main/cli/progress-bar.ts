// The import progress line on a terminal: bytes, lines/s and ETA, redrawn in place.
import type { ImportProgress } from '../import/import-source.ts';

const mb = (n: number) => (n / 1048576).toFixed(1);

export function progressLine(p: ImportProgress, width = 24): string {
  const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const filled = Math.round(frac * width);
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.lines / secs : 0;
  const eta = frac > 0 && frac < 1 ? (secs / frac) * (1 - frac) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
    `${mb(p.bytesRead)}/${mb(p.bytesTotal)} MB  ${Math.round(rate).toLocaleString('en-US')} lines/s  ETA ${eta.toFixed(0)}s`;
}

export function makeProgressBar(stream: NodeJS.WriteStream) {
  let last = 0;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      stream.write('\r' + progressLine(p).padEnd(stream.columns ? stream.columns - 1 : 79));
    },
    done() {
      stream.write('\r' + ' '.repeat(stream.columns ? stream.columns - 1 : 79) + '\r');
    },
  };
}
