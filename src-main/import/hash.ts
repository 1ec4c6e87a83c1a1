// sha256 of a file, streamed: identifies a source whatever its name.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const b of createReadStream(path, { highWaterMark: 4 << 20 })) h.update(b as Buffer);
  return h.digest('hex');
}
