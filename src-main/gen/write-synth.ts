// Writing a synthetic day to a file (optionally gzip), streamed so millions of lines use little memory.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { synthDay, type SynthOptions } from './synth-day.ts';

export async function writeSynthDay(path: string, o: SynthOptions): Promise<void> {
  await writeLines(path, synthDay(o));
}

/** Streams generated lines to `path` (gzip when it ends in .gz), 10,000 at a time. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const file = createWriteStream(path);
  const out: Writable = path.endsWith('.gz') ? createGzip() : file;
  if (out !== file) out.pipe(file);
  let buf: string[] = [];
  for (const line of lines) {
    buf.push(line);
    if (buf.length === 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  out.end();
  await once(file, 'finish');
}
