// Streaming reader for classic pcap and pcapng files: chunked buffering, record framing, timestamps.

import { ChunkBuffer } from './chunk-buffer.ts';
import { PcapngState, readPcapngBlock, NEED_MORE, DONE } from './pcapng-blocks.ts';

export { NEED_MORE, DONE };

export interface CapturedPacket {
  kind: 'packet';
  /** 1-based, like tcpdump/Wireshark frame numbers, so analysts can cross-reference. */
  index: number;
  tsMicros: number;
  linktype: number;
  caplen: number;
  origlen: number;
  /** A view into the reader's buffer; valid until the next iteration. */
  data: Buffer;
  interfaceId: number;
  byteOffset: number;
}

export interface CaptureProblem {
  kind: 'problem';
  /** Index the next packet would have had. */
  index: number;
  byteOffset: number;
  reason: string;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export function detectCapture(head: Buffer): CaptureFormat | null {
  if (head.length < 4) return null;
  const be = head.readUInt32BE(0);
  if (be === 0x0a0d0d0a) return 'pcapng';
  const le = head.readUInt32LE(0);
  for (const m of [be, le]) if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) return 'pcap';
  return null;
}


// Records larger than this are treated as framing damage rather than buffered.
const MAX_RECORD = 64 * 1024 * 1024;

/**
 * Push-driven parser. The hot path reads `buf`/`dataOffset` of the shared `packet` fields instead of
 * allocating a view per packet; `readCapture` wraps it for the generator API.
 */
export class CaptureParser extends ChunkBuffer {
  private stopped = false;
  format: CaptureFormat | null = null;
  private le = true;
  private nanos = false;
  private linktype = 0;
  private snaplen = 0;
  private ng: PcapngState = new PcapngState();
  count = 0;
  // Fields of the current packet (valid after next() returned 'packet').
  tsMicros = 0;
  curLinktype = 0;
  caplen = 0;
  origlen = 0;
  dataOffset = 0;
  interfaceId = 0;
  byteOffset = 0;
  problem: CaptureProblem | null = null;

  /** Reading stopped at damage that loses the framing: nothing after it can be read. */
  get halted(): boolean {
    return this.stopped;
  }

  fail(reason: string, at = this.offset): 'problem' {
    this.problem = { kind: 'problem', index: this.count + 1, byteOffset: at, reason };
    this.stopped = true;
    return 'problem';
  }

  /** Reports a problem without stopping (the framing is still trustworthy). */
  warn(reason: string, at: number): 'problem' {
    this.problem = { kind: 'problem', index: this.count + 1, byteOffset: at, reason };
    return 'problem';
  }

  /** Next item: 'packet' | 'problem' (see `problem`) | NEED_MORE | DONE. */
  next(): 'packet' | 'problem' | typeof NEED_MORE | typeof DONE {
    if (this.stopped) return DONE;
    if (this.format === null) {
      if (!this.ensure(4)) return this.eof('file too short for a capture header');
      const format = detectCapture(this.buf.subarray(this.pos, this.pos + 4));
      if (format === null) {
        return this.fail(`unknown capture magic 0x${this.buf.readUInt32BE(this.pos).toString(16).padStart(8, '0')}`);
      }
      if (format === 'pcap') {
        // Committed only once the whole header is read, so a short first chunk just waits.
        if (!this.ensure(24)) return this.eof('truncated pcap file header');
        this.readPcapHeader();
      }
      this.format = format;
    }
    if (this.format === 'pcapng') return readPcapngBlock(this, this.ng);
    return this.nextPcapRecord();
  }

  /** At a boundary with too few bytes: wait, finish cleanly, or report the cut. */
  eof(reason: string): typeof NEED_MORE | typeof DONE | 'problem' {
    if (!this.ended) return NEED_MORE;
    if (this.available() === 0 && this.format !== null) {
      this.stopped = true;
      return DONE;
    }
    return this.fail(reason);
  }

  private readPcapHeader(): void {
    const b = this.buf;
    const p = this.pos;
    const magicLE = b.readUInt32LE(p);
    this.le = magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d;
    const magic = this.le ? magicLE : b.readUInt32BE(p);
    this.nanos = magic === 0xa1b23c4d;
    this.snaplen = this.le ? b.readUInt32LE(p + 16) : b.readUInt32BE(p + 16);
    const lt = this.le ? b.readUInt32LE(p + 20) : b.readUInt32BE(p + 20);
    // Upper bits carry FCS-length flags (pcap LINKTYPE_* spec); the type is the low 16 bits.
    this.linktype = lt & 0xffff;
    this.pos += 24;
  }

  private nextPcapRecord(): 'packet' | 'problem' | typeof NEED_MORE | typeof DONE {
    if (!this.ensure(16)) return this.eof('truncated record header');
    const b = this.buf;
    const p = this.pos;
    const le = this.le;
    const sec = le ? b.readUInt32LE(p) : b.readUInt32BE(p);
    const frac = le ? b.readUInt32LE(p + 4) : b.readUInt32BE(p + 4);
    const incl = le ? b.readUInt32LE(p + 8) : b.readUInt32BE(p + 8);
    const orig = le ? b.readUInt32LE(p + 12) : b.readUInt32BE(p + 12);
    // Same sanity bound libpcap applies: a length beyond both the snaplen and 256 KiB is damage.
    if (incl > Math.max(this.snaplen, 262144) || incl > MAX_RECORD) {
      return this.fail(`bad record length ${incl}`);
    }
    if (!this.ensure(16 + incl)) {
      if (!this.ended) return NEED_MORE;
      return this.fail(`truncated record: ${incl} bytes announced, ${this.available() - 16} present`);
    }
    this.byteOffset = this.base + this.pos;
    this.tsMicros = sec * 1e6 + (this.nanos ? Math.floor(frac / 1000) : frac);
    this.curLinktype = this.linktype;
    this.caplen = incl;
    this.origlen = orig < incl ? incl : orig;
    this.dataOffset = this.pos + 16;
    this.interfaceId = 0;
    this.pos += 16 + incl;
    this.count++;
    return 'packet';
  }

  /** Used by the pcapng block reader to publish a packet. */
  emit(ts: number, linktype: number, caplen: number, origlen: number, dataOffset: number, ifId: number, at: number): 'packet' {
    this.tsMicros = ts;
    this.curLinktype = linktype;
    this.caplen = caplen;
    this.origlen = origlen < caplen ? caplen : origlen;
    this.dataOffset = dataOffset;
    this.interfaceId = ifId;
    this.byteOffset = at;
    this.count++;
    return 'packet';
  }
}

/** Streams packets and problems; everything before damage is delivered. */
export async function* readCapture(stream: AsyncIterable<Buffer>): AsyncGenerator<CapturedPacket | CaptureProblem> {
  const parser = new CaptureParser();
  const it = stream[Symbol.asyncIterator]();
  try {
    yield* drive(parser, it);
  } finally {
    // Stopping early (damage, or the consumer breaking) must still release the file stream.
    await it.return?.();
  }
}

async function* drive(parser: CaptureParser, it: AsyncIterator<Buffer>): AsyncGenerator<CapturedPacket | CaptureProblem> {
  for (;;) {
    const r = parser.next();
    if (r === DONE) return;
    if (r === NEED_MORE) {
      const n = await it.next();
      if (n.done) parser.end();
      else parser.push(n.value);
      continue;
    }
    if (r === 'problem') {
      yield parser.problem!;
      continue;
    }
    yield {
      kind: 'packet',
      index: parser.count,
      tsMicros: parser.tsMicros,
      linktype: parser.curLinktype,
      caplen: parser.caplen,
      origlen: parser.origlen,
      data: parser.buf.subarray(parser.dataOffset, parser.dataOffset + parser.caplen),
      interfaceId: parser.interfaceId,
      byteOffset: parser.byteOffset,
    };
  }
}
