// Which reader a source needs, decided from its first bytes; the one place new formats register.
import { gunzipSync, constants } from 'node:zlib';
import { openSync, readSync, closeSync } from 'node:fs';
import { detectEnvelope } from '../parse/envelope.ts';
import { detect as detectNetfilter } from '../parse/netfilter.ts';
import { isGzip } from './line-source.ts';

export interface Sample {
  /** First bytes of the (decompressed) content. */
  head: Buffer;
  /** Its complete lines, decoded as UTF-8. */
  lines: string[];
  gz: boolean;
}

export interface FormatProbe {
  id: string;
  /** What users call it, for messages. */
  label: string;
  detect(s: Sample): boolean;
}

const looksTextual = (head: Buffer): boolean => {
  let bad = 0;
  for (const c of head) if (c === 0 || (c < 9 && c !== 0)) bad++;
  return bad < head.length / 100;
};

export const FORMATS: FormatProbe[] = [
  {
    id: 'netfilter-log',
    label: 'netfilter LOG lines (syslog, journald, dmesg)',
    detect: (s) => {
      const lines = s.lines.filter((l) => l.trim() !== '').slice(0, 2000);
      // Netfilter lines anywhere in the sample make it a log, whatever damage sits between them; a
      // syslog file whose first lines are other programs' counts too (those lines become rejects).
      if (lines.some((l) => detectNetfilter(l))) return true;
      return looksTextual(s.head) && detectEnvelope(lines.slice(0, 400)) !== null;
    },
  },
];

const SAMPLE_BYTES = 256 * 1024;

export function readSample(path: string): Sample {
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    head = buf.subarray(0, readSync(fd, buf, 0, SAMPLE_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  const gz = isGzip(head);
  if (gz) {
    try {
      // Sync flush lets a partial gzip member decompress as far as the sample goes.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, SAMPLE_BYTES * 4);
    } catch {
      head = Buffer.alloc(0);
    }
  }
  const text = head.toString('utf8');
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop();
  return { head, lines: lines.map((l) => l.replace(/\r$/, '')), gz };
}

export function detectFormat(s: Sample): FormatProbe | null {
  return FORMATS.find((f) => f.detect(s)) ?? null;
}
