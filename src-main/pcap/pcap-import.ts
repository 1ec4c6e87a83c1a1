// Orchestration (no DB): capture bytes → packets → link/IP decode → flows and names, with problems reported.

import { CaptureParser, DONE, NEED_MORE, type CaptureProblem } from './capture-reader.ts';
import { decodeLink, newLinkInfo } from './link-layer.ts';
import { IpDecoder, newDecodedPacket } from './ip-decode.ts';
import { FlowTable, type FlowRecord, type FlowTableOptions, type PacketContext } from './flow-table.ts';
import { extractNames, type NameObservation } from './names.ts';

export interface DecodeSummary {
  packets: number;
  /** Capture damage found between packets (a bad record or block): each is a unit read that is no packet. */
  framing: number;
  /** Packets that became part of a flow. */
  decoded: number;
  /** Frames that were readable but carried no IP (ARP, LLDP, …). */
  nonIp: number;
  problems: number;
  flows: number;
  names: number;
  firstTs: number | null;
  lastTs: number | null;
}

export interface DecodeOptions extends FlowTableOptions {
  /** Problems beyond this are counted but not reported one by one (a broken capture can have millions). */
  maxReportedProblems?: number;
  /** Skip name extraction (DNS/SNI/Host). */
  names?: boolean;
}

export async function decodeCaptureToFlows(
  stream: AsyncIterable<Buffer>,
  onFlow: (f: FlowRecord) => void,
  onName: (n: NameObservation) => void,
  /** `halted`: the framing is lost there, and nothing after it is read. */
  onProblem: (p: CaptureProblem, halted: boolean) => void,
  opts: DecodeOptions = {},
): Promise<DecodeSummary> {
  const parser = new CaptureParser();
  const link = newLinkInfo();
  const ip = new IpDecoder();
  const pkt = newDecodedPacket();
  const ctx: PacketContext = { tsMicros: 0, interfaceId: 0, vlans: link.vlans, prefix: null };
  const table = new FlowTable(onFlow, opts);
  const wantNames = opts.names ?? true;
  const maxReported = opts.maxReportedProblems ?? 10_000;
  const s: DecodeSummary = { packets: 0, framing: 0, decoded: 0, nonIp: 0, problems: 0, flows: 0, names: 0, firstTs: null, lastTs: null };
  let firstTs = Infinity;
  let lastTs = -Infinity;
  const countName = (n: NameObservation): void => {
    s.names++;
    onName(n);
  };
  const problem = (p: CaptureProblem, halted = false): void => {
    s.problems++;
    if (s.problems <= maxReported) onProblem(p, halted);
  };
  const at = (reason: string): CaptureProblem => ({ kind: 'problem', index: parser.count, byteOffset: parser.byteOffset, reason });
  const it = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = parser.next();
      if (r === DONE) break;
      if (r === NEED_MORE) {
        const n = await it.next();
        if (n.done) parser.end();
        else parser.push(n.value);
        continue;
      }
      if (r === 'problem') {
        s.framing++;
        problem(parser.problem!, parser.halted);
        continue;
      }
      s.packets++;
      const ts = parser.tsMicros;
      if (ts < firstTs) firstTs = ts;
      if (ts > lastTs) lastTs = ts;
      const buf = parser.buf;
      const start = parser.dataOffset;
      const end = start + parser.caplen;
      if (!decodeLink(parser.curLinktype, buf, start, end, link)) {
        // Every packet not read is reported, so a capture's packets reconcile with its rejects.
        problem(at(link.problem!));
        continue;
      }
      if (link.ethertype !== 0x0800 && link.ethertype !== 0x86dd) {
        s.nonIp++;
        continue;
      }
      if (!ip.decode(link.ethertype, buf, link.offset, end, parser.caplen < parser.origlen, pkt)) {
        problem(at(pkt.problem!));
        continue;
      }
      s.decoded++;
      ctx.tsMicros = ts;
      ctx.interfaceId = parser.interfaceId;
      ctx.prefix = link.prefix;
      table.add(pkt, ctx);
      if (wantNames && pkt.payloadLength > 0) extractNames(buf, pkt, ts, countName);
    }
  } finally {
    await it.return?.();
  }
  table.flushAll();
  s.flows = table.emitted;
  if (s.packets > 0) {
    s.firstTs = firstTs;
    s.lastTs = lastTs;
  }
  if (s.problems > maxReported) {
    onProblem({ kind: 'problem', index: parser.count + 1, byteOffset: parser.offset, reason: `${s.problems - maxReported} further problems not reported` }, false);
  }
  return s;
}
