// Which reader a source needs, decided from its first bytes; the one place new formats register.
import { openSync, readSync, closeSync } from 'node:fs';
import { isGzip } from './line-source.ts';
import { gunzip } from './gunzip.ts';
import type { FormatProbe, Sample } from './format-types.ts';
import { NETFILTER_LOG } from './format-netfilter.ts';
import { CONNTRACK_TEXT } from './format-conntrack.ts';
import { CONNTRACK_XML } from './format-conntrack-xml.ts';
import { ULOGD_JSON } from './format-ulogd.ts';
import { PCAP } from './format-pcap.ts';
import { NFT_TRACE, XTABLES_TRACE } from './format-monitor-trace.ts';

export type { Sample } from './format-types.ts';

/** In order of preference: the first whose detect() accepts the sample reads the file. */
// The trace monitors come before LOG lines: xtables-monitor's PACKET dumps carry IN=… SRC=… too.
export const FORMATS: FormatProbe[] = [PCAP, CONNTRACK_XML, CONNTRACK_TEXT, NFT_TRACE, XTABLES_TRACE, ULOGD_JSON, NETFILTER_LOG];

const SAMPLE_BYTES = 256 * 1024;

export async function readSample(path: string): Promise<Sample> {
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
    // Detection looks at what decompresses, damaged or not (a bad CRC once made a log "unknown").
    const report: { damage: string | null } = { damage: null };
    const parts: Buffer[] = [];
    let n = 0;
    for await (const b of gunzip(once(head), report)) {
      parts.push(b);
      if ((n += b.length) >= SAMPLE_BYTES * 4) break;
    }
    head = Buffer.concat(parts).subarray(0, SAMPLE_BYTES * 4);
    // A gzip of nothing is empty; a damaged one that gave nothing is not.
    empty = head.length === 0 && report.damage === null;
  }
  const text = head.toString('utf8');
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop();
  return { head, lines: lines.map((l) => l.replace(/\r$/, '')), gz, empty };
}

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

export function detectFormat(s: Sample): FormatProbe | null {
  return FORMATS.find((f) => f.detect(s)) ?? null;
}
