// The gzip reader of imports (issue 12, item 12): what zcat reads, however chunked, and on damage
// every byte that decompressed before it, with a reason that says what was wrong.
import { describe, it, expect } from 'vitest';
import { gzipSync, gunzipSync, constants } from 'node:zlib';
import { gunzip } from '../../src-main/import/gunzip.ts';

async function run(buf: Buffer, chunk = 1 << 22): Promise<{ out: Buffer; damage: string | null }> {
  async function* chunks() {
    for (let p = 0; p < buf.length; p += chunk) yield buf.subarray(p, p + chunk);
  }
  const report: { damage: string | null } = { damage: null };
  const parts: Buffer[] = [];
  for await (const b of gunzip(chunks(), report)) parts.push(b);
  return { out: Buffer.concat(parts), damage: report.damage };
}

const body = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `Jan  8 03:37:${String(i % 60).padStart(2, '0')} host kernel: line ${i} ${'x'.repeat(i % 70)}`).join('\n') + '\n');
const gz = gzipSync(body);

/** The same member with a name, an extra field, a comment and a header CRC. */
function withHeaderFields(g: Buffer): Buffer {
  const h = Buffer.from(g.subarray(0, 10));
  h[3] = 2 | 4 | 8 | 16;
  const extra = Buffer.from([5, 0, 1, 2, 3, 4, 5]);
  return Buffer.concat([h, extra, Buffer.from('kern.log\0'), Buffer.from('a comment\0'), Buffer.from([0xab, 0xcd]), g.subarray(10)]);
}

describe('gunzip', () => {
  it('a sound file, any chunking, header fields and several members: what zcat gives, no damage', async () => {
    for (const chunk of [1, 7, 1000, 65536, 1 << 22]) {
      const r = await run(chunk === 1 ? gzipSync(body.subarray(0, 3000)) : gz, chunk);
      expect(r.damage).toBeNull();
      expect(r.out.equals(chunk === 1 ? body.subarray(0, 3000) : body)).toBe(true);
    }
    const multi = Buffer.concat([withHeaderFields(gz), gzipSync(Buffer.alloc(0)), gzipSync(Buffer.from('tail\n'))]);
    const r = await run(multi, 4093);
    expect(r.damage).toBeNull();
    expect(r.out.equals(Buffer.concat([body, Buffer.from('tail\n')]))).toBe(true);
  });

  it('a bad CRC or length: every byte, and the reason', async () => {
    const crc = Buffer.from(gz);
    crc.writeUInt32LE((crc.readUInt32LE(crc.length - 8) ^ 0x100) >>> 0, crc.length - 8);
    const a = await run(crc, 65536);
    expect(a.out.equals(body)).toBe(true);
    expect(a.damage).toBe(`gzip: bad CRC (data up to here imported: ${body.length} bytes decompressed)`);
    const len = Buffer.from(gz);
    len.writeUInt32LE(1, len.length - 4);
    const b = await run(len);
    expect(b.out.equals(body)).toBe(true);
    expect(b.damage).toMatch(/^gzip: bad length check/);
  });

  it('cut anywhere: as much as zlib can decode from what is there, then "truncated"', async () => {
    for (const frac of [0.001, 0.3, 0.5, 0.97, 0.9999]) {
      const cut = gz.subarray(0, Math.max(11, Math.floor(gz.length * frac)));
      const ref = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
      const r = await run(cut, 8192);
      expect(r.out.equals(ref), `cut at ${cut.length}`).toBe(true);
      expect(r.damage).toMatch(/^gzip: truncated file/);
    }
    for (const short of [8, 4]) {
      const noTrailer = await run(gz.subarray(0, gz.length - short));
      expect(noTrailer.out.equals(body)).toBe(true);
      expect(noTrailer.damage).toMatch(/^gzip: truncated file/);
    }
    expect((await run(gz.subarray(0, gz.length - 4))).damage).toMatch(/ends before its CRC and length/);
  });

  it('junk after the last member is named; zero padding is not damage', async () => {
    const junk = await run(Buffer.concat([gz, Buffer.from('JUNK')]));
    expect(junk.out.equals(body)).toBe(true);
    expect(junk.damage).toBe(`gzip: 4 bytes after the gzip data at byte ${gz.length} are not gzip and were ignored`);
    const zeros = await run(Buffer.concat([gz, Buffer.alloc(512)]));
    expect(zeros.damage).toBeNull();
  });

  it('corrupt compressed data: the bytes before it, and where it is', async () => {
    const bad = Buffer.from(gz);
    bad.fill(0xff, gz.length >> 1, (gz.length >> 1) + 200);
    const r = await run(bad, 65536);
    expect(r.damage).toMatch(/^gzip: (damaged compressed data near byte \d+ \(.+\)|bad CRC) \(data up to here imported/);
    expect(r.out.length).toBeGreaterThan(body.length / 3);
    // What came out before the damage is the file's own text.
    const sound = r.out.subarray(0, body.length / 3);
    expect(sound.equals(body.subarray(0, sound.length))).toBe(true);
  });
});
