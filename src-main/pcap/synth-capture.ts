// Deterministic synthetic classic pcap (Ethernet/IPv4/TCP+UDP) streamed to disk, for benchmarks and tests.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface SynthOptions {
  packets: number;
  /** Distinct flows over the whole file; flows start and end over time so live flows stay bounded. */
  flows: number;
  /** Flows active at any moment (a sliding window). */
  window?: number;
  /** Capture-time gap between packets, µs. */
  gapMicros?: number;
  startSeconds?: number;
  seed?: number;
}

const CHUNK = 4 * 1024 * 1024;
const MAX_FRAME = 14 + 20 + 20 + 200;

/** Writes the capture and resolves with its byte size. */
export async function writeSynthCapture(path: string, o: SynthOptions): Promise<number> {
  const out = createWriteStream(path);
  const window = Math.max(1, Math.min(o.window ?? 5000, o.flows));
  const gap = o.gapMicros ?? 1000;
  let seed = (o.seed ?? 12345) >>> 0;
  // xorshift32: deterministic across runs and platforms.
  const rnd = (): number => {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>>= 0);
  };
  const sent = new Uint32Array(o.flows); // packets sent so far per flow: drives TCP flags
  let buf = Buffer.alloc(CHUNK);
  let p = 0;
  let total = 0;
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(0, 8);
  buf.writeUInt32LE(0, 12);
  buf.writeUInt32LE(262144, 16);
  buf.writeUInt32LE(1, 20);
  p = 24;
  let ts = (o.startSeconds ?? 1_700_000_000) * 1e6;
  const span = o.flows - window;
  for (let i = 0; i < o.packets; i++) {
    if (p + 16 + MAX_FRAME > CHUNK) {
      total += p;
      if (!out.write(buf.subarray(0, p))) await once(out, 'drain');
      buf = Buffer.alloc(CHUNK); // the stream may still hold the previous chunk
      p = 0;
    }
    const base = Math.floor((i * span) / o.packets);
    const flow = base + (rnd() % window);
    const n = sent[flow]++;
    const tcp = flow % 4 !== 3;
    const reply = n % 2 === 1;
    const payload = tcp ? (n < 3 ? 0 : rnd() % 200) : 20 + (rnd() % 120);
    const l4 = tcp ? 20 : 8;
    const ipLen = 20 + l4 + payload;
    const frame = 14 + ipLen;
    ts += gap;
    const sec = Math.floor(ts / 1e6);
    buf.writeUInt32LE(sec, p);
    buf.writeUInt32LE(ts - sec * 1e6, p + 4);
    buf.writeUInt32LE(frame, p + 8);
    buf.writeUInt32LE(frame, p + 12);
    let q = p + 16;
    buf.fill(0x02, q, q + 12);
    buf.writeUInt16BE(0x0800, q + 12);
    q += 14;
    const client = 0x0a000000 + (flow % 60000) + 1; // 10.0.x.y
    const server = 0xc0a80000 + (flow % 200) + 1; // 192.168.0.x
    const cport = 1024 + ((flow * 7) % 60000);
    const sport = tcp ? [443, 80, 22, 8080][flow % 4] : [53, 123, 5000, 514][flow % 4] + 1; // not 53: names off the hot path
    buf[q] = 0x45;
    buf[q + 1] = 0;
    buf.writeUInt16BE(ipLen, q + 2);
    buf.writeUInt16BE(i & 0xffff, q + 4);
    buf.writeUInt16BE(0x4000, q + 6);
    buf[q + 8] = 64;
    buf[q + 9] = tcp ? 6 : 17;
    buf.writeUInt16BE(0, q + 10);
    buf.writeUInt32BE(reply ? server : client, q + 12);
    buf.writeUInt32BE(reply ? client : server, q + 16);
    q += 20;
    buf.writeUInt16BE(reply ? sport : cport, q);
    buf.writeUInt16BE(reply ? cport : sport, q + 2);
    if (tcp) {
      buf.writeUInt32BE(n * 1000, q + 4);
      buf.writeUInt32BE(n === 0 ? 0 : n * 999, q + 8);
      buf[q + 12] = 0x50;
      buf[q + 13] = n === 0 ? 0x02 : n === 1 ? 0x12 : payload > 0 ? 0x18 : 0x10;
      buf.writeUInt16BE(65535, q + 14);
      buf.writeUInt32BE(0, q + 16);
    } else {
      buf.writeUInt16BE(8 + payload, q + 4);
      buf.writeUInt16BE(0, q + 6);
    }
    q += l4;
    buf.fill(0x61 + (i % 26), q, q + payload);
    p = q + payload;
  }
  total += p;
  out.end(buf.subarray(0, p));
  await once(out, 'finish');
  return total;
}
