// Owns `conntrack -L -o xml` and `conntrack -E -o xml` documents: a small streaming tokenizer, flow by flow, no DOM.

import { ConntrackRecord, SKIP, addExtra, addStatus, finish } from './conntrack-record.ts';
import { address, addrFamily, dec, hex } from './text-values.ts';
import { XmlTokenizer, attr, type XmlSink } from './xml-tokens.ts';
import { makeZone, type Zone } from '../parse/syslog-time.ts';

export interface XmlReject {
  reason: string;
  /** 1-based line where the flow (or the bad text) starts. */
  line?: number;
}
export type XmlItem = ConntrackRecord | XmlReject;

/** Cheap test on the first bytes of a file: is it conntrack's XML output? */
export function detect(head: string): boolean {
  const t = head.trimStart();
  return (t.startsWith('<?xml') && t.includes('<conntrack')) || t.startsWith('<conntrack>') || t.startsWith('<flow');
}

const META_DIR: Record<string, number> = { original: 1, reply: 2, independent: 3 };
const EVENTS = { new: 'NEW', update: 'UPDATE', destroy: 'DESTROY' } as const;

/** Incremental reader: push() text chunks of any size, end() at EOF; both return what completed. Never throws on input. */
export class ConntrackXmlReader implements XmlSink {
  private readonly tok = new XmlTokenizer(this);
  private rec: ConntrackRecord | null = null;
  private flowLine = 0;
  private bad: string | null = null;
  /** 0 outside meta, 1 original, 2 reply, 3 independent. */
  private dir = 0;
  private inL4 = false;
  private inWhen = false;
  private when = [0, 0, 0, 0, 0, 0]; // hour min sec day month year
  private txt = '';
  private out: XmlItem[] = [];
  private readonly zone: Zone;
  /** Line where each emitted flow starts, so rows lead back to the evidence. */
  readonly lineOf = new WeakMap<ConntrackRecord, number>();

  /** zone reads the local-time `<when>` stamp (`-E -o xml,timestamp`); default: this machine's zone. */
  constructor(zone?: Zone) {
    this.zone = zone ?? makeZone();
  }

  push(chunk: string): XmlItem[] {
    this.tok.push(chunk);
    return this.drain();
  }

  end(): XmlItem[] {
    this.tok.end();
    if (this.rec !== null) this.reject(this.bad ?? 'truncated: flow not closed at end of input', this.flowLine);
    this.rec = null;
    return this.drain();
  }

  text(t: string, line: number): void {
    if (this.rec !== null) { this.txt = t; return; }
    // Text outside flows: the tool's own messages are ignorable, anything else is reported.
    if (t.startsWith('conntrack v') && t.includes('(conntrack-tools)')) this.reject(`${SKIP}conntrack tool message`, line);
    else this.reject(`text outside a <flow>: ${t.slice(0, 40)}`, line);
  }

  error(reason: string, line: number): void {
    if (this.rec !== null) this.fault(reason); else this.reject(reason, line);
  }

  private drain(): XmlItem[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  private reject(reason: string, line: number): void {
    this.out.push({ reason, line });
  }

  open(name: string, attrs: string, empty: boolean, line: number): void {
    this.txt = '';
    if (name === 'flow') {
      if (this.rec !== null) this.reject('truncated: flow not closed before the next <flow>', this.flowLine);
      const rec = new ConntrackRecord();
      const type = attr(attrs, 'type');
      if (type !== null) {
        const ev = EVENTS[type as keyof typeof EVENTS];
        if (ev === undefined) addExtra(rec, `type=${type}`); else rec.event = ev;
      }
      this.rec = rec;
      this.flowLine = line;
      this.bad = null;
      this.dir = 0;
      if (empty) this.close('flow');
      return;
    }
    const rec = this.rec;
    if (rec === null) return; // <conntrack> and anything else outside a flow
    switch (name) {
      case 'meta': {
        const d = META_DIR[attr(attrs, 'direction') ?? ''];
        if (d === undefined) this.fault(`unknown meta direction: ${attrs.trim()}`);
        this.dir = d ?? 0;
        return;
      }
      case 'layer3': {
        const l3 = attr(attrs, 'protonum');
        if (this.dir === 1) rec.family = l3 === '10' ? 6 : l3 === '2' ? 4 : null;
        return;
      }
      case 'layer4': {
        this.inL4 = !empty;
        const num = Number(attr(attrs, 'protonum'));
        if (this.dir !== 1) return;
        if (!Number.isInteger(num) || num < 0 || num > 255) { this.fault(`layer4 protonum is not a number: ${attrs.trim()}`); return; }
        const pn = attr(attrs, 'protoname');
        rec.proto_num = num;
        rec.proto = pn === null || pn === 'unknown' ? String(num) : pn;
        return;
      }
      case 'when': this.inWhen = true; this.when.fill(-1); return;
      case 'counters': case 'timestamp': case 'labels': case 'conntrack': return;
    }
    if (!empty) return;
    // Empty elements in the independent meta are status bits (<assured/>, <unreplied/>, …).
    if (this.dir === 3) addStatus(rec, name.toUpperCase());
    else addExtra(rec, `<${name}/>`);
  }

  close(name: string): void {
    const rec = this.rec;
    if (rec === null) return;
    const t = this.txt;
    this.txt = '';
    const dir = this.dir;
    switch (name) {
      case 'flow': {
        const why = this.bad ?? finish(rec, false);
        if (why === null) {
          this.lineOf.set(rec, this.flowLine);
          this.out.push(rec);
        } else this.reject(why, this.flowLine);
        this.rec = null;
        return;
      }
      case 'meta': this.dir = 0; return;
      case 'layer4': this.inL4 = false; return;
      case 'layer3': case 'counters': case 'timestamp': case 'labels': return;
      case 'when': {
        this.inWhen = false;
        const [h, mi, s, d, mo, y] = this.when;
        if (Math.min(h, mi, s, d, mo, y) < 0) { this.fault('incomplete <when> stamp'); return; }
        rec.ts = this.zone.toUtc(y, mo, d, h, mi, s) * 1000;
        rec.ts_text = `${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(s)}`;
        return;
      }
      case 'src': case 'dst': {
        const a = address(t, 0, t.length);
        if (a === null) { this.fault(`${name} is not an IP address: ${t}`); return; }
        if (rec.family === null) rec.family = addrFamily;
        else if (rec.family !== addrFamily) { this.fault(`${name} is not an IPv${rec.family} address: ${t}`); return; }
        if (dir === 1) { if (name === 'src') rec.src = a; else rec.dst = a; }
        else if (dir === 2) { if (name === 'src') rec.reply_src = a; else rec.reply_dst = a; }
        return;
      }
      case 'start': case 'stop': {
        // Nanoseconds since the epoch exceed exact doubles; dropping the last three digits gives exact µs.
        const us = t.length > 3 ? dec(t, 0, t.length - 3) : t === '' ? -1 : 0;
        if (us < 0 || dec(t, t.length - 3, t.length) < 0) { this.fault(`<${name}> is not a number: ${t}`); return; }
        if (name === 'start') { rec.start = us; rec.start_text = t; } else { rec.stop = us; rec.stop_text = t; }
        return;
      }
      case 'secctx': rec.secctx = t; return;
      case 'helper': rec.helper = t; return;
      case 'state': rec.state = t; return;
      case 'label': rec.labels = rec.labels === null ? t : `${rec.labels},${t}`; return;
    }
    const v = name === 'srckey' || name === 'dstkey' ? hex(t, 0, t.length) : dec(t, 0, t.length);
    if (this.inWhen) {
      const k = WHEN.indexOf(name);
      if (k >= 0) this.when[k] = v;
      return;
    }
    if (v < 0 && KNOWN.has(name)) { this.fault(`<${name}> is not a number: ${t}`); return; }
    const o = dir === 1;
    const tuple = dir === 1 || dir === 2;
    switch (name) {
      case 'sport': case 'srckey': if (!tuple) break; if (o) rec.sport = v; else rec.reply_sport = v; return;
      case 'dport': case 'dstkey': if (!tuple) break; if (o) rec.dport = v; else rec.reply_dport = v; return;
      case 'type': if (!this.inL4) break; if (o) rec.icmp_type = v; else rec.reply_icmp_type = v; return;
      case 'code': if (!this.inL4) break; if (o) rec.icmp_code = v; else rec.reply_icmp_code = v; return;
      case 'id': if (this.inL4) { if (o) rec.icmp_id = v; else rec.reply_icmp_id = v; } else rec.id = v; return;
      case 'packets': if (!tuple) break; if (o) rec.packets = v; else rec.reply_packets = v; return;
      case 'bytes': if (!tuple) break; if (o) rec.bytes = v; else rec.reply_bytes = v; return;
      case 'zone': if (dir === 1) rec.zone_orig = v; else if (dir === 2) rec.zone_reply = v; else rec.zone = v; return;
      case 'timeout': rec.timeout = v; return;
      case 'mark': rec.mark = v; return;
      case 'secmark': rec.secmark = v; return;
      case 'use': rec.use = v; return;
      case 'deltatime': rec.delta_time = v; return;
    }
    addExtra(rec, `${name}=${t}`);
  }

  /** Remembers the first problem of the current flow; the flow becomes a reject when it closes. */
  private fault(why: string): void {
    this.bad ??= why;
  }
}

const WHEN = ['hour', 'min', 'sec', 'day', 'month', 'year'];
const KNOWN = new Set(['sport', 'dport', 'srckey', 'dstkey', 'type', 'code', 'id', 'packets', 'bytes', 'zone', 'timeout',
  'mark', 'secmark', 'use', 'deltatime']);

/** Records and rejects of a whole document given as text chunks (a file read in pieces, or one string). */
export function* parseConntrackXml(chunks: Iterable<string>, zone?: Zone): Generator<XmlItem> {
  const r = new ConntrackXmlReader(zone);
  for (const c of chunks) yield* r.push(c);
  yield* r.end();
}

/** The same for a stream (`createReadStream(path, 'utf8')`). */
export async function* parseConntrackXmlStream(chunks: AsyncIterable<string>, zone?: Zone): AsyncGenerator<XmlItem> {
  const r = new ConntrackXmlReader(zone);
  for await (const c of chunks) yield* r.push(c);
  yield* r.end();
}

export function isXmlReject(x: XmlItem): x is XmlReject {
  return !(x instanceof ConntrackRecord);
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
