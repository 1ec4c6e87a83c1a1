// pcapng block framing: sections, interface descriptions (link type, snaplen, timestamp resolution) and packet blocks.

import type { CaptureParser } from './capture-reader.ts';

/** Outcomes of a parser step when no packet or problem is ready. */
export const NEED_MORE = 0;
export const DONE = 1;

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2; // obsolete Packet Block, still written by old tools
const SPB = 3;
const EPB = 6;
const MAX_BLOCK = 64 * 1024 * 1024;

interface Iface {
  linktype: number;
  snaplen: number;
  /** ts units per µs when the unit is finer than 1 µs (1 = µs), else 0. */
  div: number;
  /** µs per ts unit when the unit is coarser than 1 µs. */
  mul: number;
  offsetMicros: number;
}

export class PcapngState {
  le = true;
  inSection = false;
  ifaces: Iface[] = [];
  lastTs = 0;
}

function u32(b: Buffer, p: number, le: boolean): number {
  return le ? b.readUInt32LE(p) : b.readUInt32BE(p);
}
function u16(b: Buffer, p: number, le: boolean): number {
  return le ? b.readUInt16LE(p) : b.readUInt16BE(p);
}

/** Exact floor((hi·2^32 + lo) / div) without BigInt while the result fits a double's integer range. */
function toMicros(hi: number, lo: number, f: Iface): number {
  if (f.div === 1) return hi * 4294967296 + lo;
  if (f.div > 1) {
    const d = f.div;
    const q = Math.floor(hi / d);
    const r = hi - q * d;
    return q * 4294967296 + Math.floor((r * 4294967296 + lo) / d);
  }
  return Math.floor((hi * 4294967296 + lo) * f.mul);
}

function parseIdb(b: Buffer, start: number, total: number, le: boolean): Iface {
  const f: Iface = { linktype: u16(b, start + 8, le), snaplen: u32(b, start + 12, le), div: 1, mul: 1, offsetMicros: 0 };
  let p = start + 16;
  const end = start + total - 4;
  while (p + 4 <= end) {
    const code = u16(b, p, le);
    const len = u16(b, p + 2, le);
    const v = p + 4;
    if (code === 0 || v + len > end) break;
    if (code === 9 && len >= 1) {
      const r = b[v];
      // High bit set: negative power of two; otherwise negative power of ten (pcapng spec, if_tsresol).
      const unitsPerSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** (r & 0x7f);
      if (unitsPerSec >= 1e6) {
        f.div = unitsPerSec / 1e6;
        f.mul = 1;
        if (!Number.isInteger(f.div)) f.div = 0; // binary fractions handled below via mul
        if (f.div === 0) f.mul = 1e6 / unitsPerSec;
      } else {
        f.div = 0;
        f.mul = 1e6 / unitsPerSec;
      }
    } else if (code === 14 && len >= 8) {
      // if_tsoffset: seconds added to every timestamp of this interface.
      const hi = le ? b.readInt32LE(v + 4) : b.readInt32BE(v);
      const lo = le ? b.readUInt32LE(v) : b.readUInt32BE(v + 4);
      f.offsetMicros = (hi * 4294967296 + lo) * 1e6;
    }
    p = v + ((len + 3) & ~3);
  }
  return f;
}

/** Reads blocks until one yields a packet or a problem. */
export function readPcapngBlock(r: CaptureParser, s: PcapngState): 'packet' | 'problem' | typeof NEED_MORE | typeof DONE {
  for (;;) {
    if (!r.ensure(12)) return r.eof('truncated block header');
    const b = r.buf;
    const p = r.pos;
    const at = r.offset;
    const typeBE = b.readUInt32BE(p);
    if (typeBE === SHB) {
      const m = b.readUInt32LE(p + 8);
      if (m === 0x1a2b3c4d) s.le = true;
      else if (m === 0x4d3c2b1a) s.le = false;
      else return r.fail(`bad section byte-order magic 0x${m.toString(16)}`);
      s.inSection = true;
      s.ifaces = [];
    } else if (!s.inSection) {
      return r.fail('pcapng data before a section header');
    }
    const le = s.le;
    const type = u32(b, p, le);
    const total = u32(b, p + 4, le);
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK) return r.fail(`bad block length ${total}`);
    if (!r.ensure(total)) {
      if (!r.ended) return NEED_MORE;
      return r.fail(`truncated block: ${total} bytes announced, ${r.available()} present`, at);
    }
    const buf = r.buf;
    const q = r.pos;
    if (u32(buf, q + total - 4, le) !== total) return r.fail(`block length mismatch (${total} at start)`, at);
    r.pos += total;
    if (type === IDB) {
      if (total < 20) return r.fail(`bad interface block length ${total}`, at);
      s.ifaces.push(parseIdb(buf, q, total, le));
      continue;
    }
    if (type === EPB || type === OPB) {
      if (total < 32) return r.fail(`bad packet block length ${total}`, at);
      const ifId = type === EPB ? u32(buf, q + 8, le) : u16(buf, q + 8, le);
      const f = s.ifaces[ifId];
      if (f === undefined) return r.warn(`packet for undeclared interface ${ifId}`, at);
      const caplen = u32(buf, q + 20, le);
      const orig = u32(buf, q + 24, le);
      if (caplen > total - 32) return r.warn(`packet block captured length ${caplen} exceeds block`, at);
      const ts = toMicros(u32(buf, q + 12, le), u32(buf, q + 16, le), f) + f.offsetMicros;
      s.lastTs = ts;
      return r.emit(ts, f.linktype, caplen, orig, q + 28, ifId, at);
    }
    if (type === SPB) {
      if (total < 16) return r.fail(`bad simple packet block length ${total}`, at);
      const f = s.ifaces[0];
      if (f === undefined) return r.warn('simple packet block without an interface', at);
      const orig = u32(buf, q + 8, le);
      let caplen = Math.min(orig, total - 16);
      if (f.snaplen > 0 && caplen > f.snaplen) caplen = f.snaplen;
      // SPBs carry no timestamp: the previous packet's time is the best available evidence.
      return r.emit(s.lastTs, f.linktype, caplen, orig, q + 12, 0, at);
    }
    // Statistics, name resolution, custom and unknown blocks: framing is intact, so skip them.
  }
}
