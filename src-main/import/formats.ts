// Which reader a source needs, decided from its first bytes; the one place new formats register.
import { gunzipSync, constants } from 'node:zlib';
import { openSync, readSync, closeSync } from 'node:fs';
import { isGzip } from './line-source.ts';
import type { FormatProbe, Sample } from './format-types.ts';
import { NETFILTER_LOG } from './format-netfilter.ts';
import { CONNTRACK_TEXT } from './format-conntrack.ts';
import { CONNTRACK_XML } from './format-conntrack-xml.ts';
import { ULOGD_JSON } from './format-ulogd.ts';
import { PCAP } from './format-pcap.ts';

export type { Sample } from './format-types.ts';

/** In order of preference: the first whose detect() accepts the sample reads the file. */
export const FORMATS: FormatProbe[] = [PCAP, CONNTRACK_XML, CONNTRACK_TEXT, ULOGD_JSON, NETFILTER_LOG];

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
  let empty = head.length === 0;
  if (gz) {
    try {
      // Sync flush lets a partial gzip member decompress as far as the sample goes.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, SAMPLE_BYTES * 4);
      empty = head.length === 0;
    } catch {
      head = Buffer.alloc(0);
    }
  }
  const text = head.toString('utf8');
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop();
  return { head, lines: lines.map((l) => l.replace(/\r$/, '')), gz, empty };
}

export function detectFormat(s: Sample): FormatProbe | null {
  return FORMATS.find((f) => f.detect(s)) ?? null;
}
