// Seeded mutations of log lines, as damage and hostile writers leave them: tokens inserted, bytes
// dropped or changed, words repeated or swapped, control characters. The same seed, the same lines.
import { rng } from '../src-main/gen/synth-day.ts';

const TOKENS = ['=', ' ', '  ', '0', '9', '255', '65535', '65536', '4294967296', '-1', '0x', '0xFF', 'SRC=', 'DST=', 'DPT=', 'SPT=',
  'LEN=', 'TTL=', 'ID=', 'PROTO=', 'TCP', 'UDP', 'ICMP', 'SYN', 'DF', 'MAC=', 'IN=', 'OUT=', ':', '.', '::', '[', ']', '\t', '\r',
  'é', '\u00a0', '\u2028', '\x7f', '\x1b[31m', '"', '\\', '\\N', 'TYPE=', 'CODE=', 'WINDOW=', 'URGP=', 'kernel:', 'src=', 'dst=',
  'sport=', 'dport=', '[ASSURED]', '{', '}', ',', '"oob.prefix":', 'null', '1.2.3.4', '300.1.1.1', '::1'];

/** One line with 1–3 mutations. */
export function mutateLine(line: string, rnd: () => number): string {
  let l = line;
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    const i = Math.floor(rnd() * (l.length + 1));
    const op = rnd();
    if (op < 0.3) l = l.slice(0, i) + pick(TOKENS) + l.slice(i);
    else if (op < 0.55) l = l.slice(0, i) + l.slice(i + 1 + Math.floor(rnd() * 4));
    else if (op < 0.8) {
      const w = l.split(' ');
      const a = Math.floor(rnd() * w.length), b = Math.floor(rnd() * w.length);
      if (op < 0.7) w.splice(a, 0, w[b]);
      else [w[a], w[b]] = [w[b], w[a]];
      l = w.join(' ');
    } else if (op < 0.9) l = l.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 128)) + l.slice(i + 1);
    else {
      const w = l.split(' ');
      const j = Math.floor(rnd() * w.length);
      w[j] = w[j].replace(/=.*/, '=' + pick(TOKENS));
      l = w.join(' ');
    }
  }
  return l;
}

/** A file's bytes from lines: a share of them mutated, a few with a raw byte changed (invalid UTF-8, NUL). */
export function mutatedFile(lines: Iterable<string>, seed: number, share = 0.3): Buffer {
  const rnd = rng(seed);
  const out: Buffer[] = [];
  for (const line of lines) {
    const r = rnd();
    let b = Buffer.from(r < share ? mutateLine(line, rnd) : line, 'utf8');
    if (r > 0.995 && b.length) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
    out.push(b, Buffer.from(rnd() < 0.001 ? '\r\n' : '\n'));
  }
  return Buffer.concat(out);
}
