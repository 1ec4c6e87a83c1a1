// pcap and pcapng captures as a source format: packets decoded and aggregated into flows (not stored
// one row each: a 1 GB capture then imports in bounded memory), names learned for destinations, and
// capture damage recorded as rejects.
import { decodeCaptureToFlows } from '../pcap/pcap-import.ts';
import { detectCapture, type CaptureProblem } from '../pcap/capture-reader.ts';
import { tcpFlagNames } from '../pcap/l4-decode.ts';
import type { FlowRecord } from '../pcap/flow-table.ts';
import { INSERT_NAMES, INSERT_PCAP_FLOWS, nameRow, pcapFlowRow, writeName, writePcapFlow, type NameRow } from '../db/flow-columns.ts';
import { addrNumText } from '../db/address-number.ts';
import type { FormatContext, FormatProbe } from './format-types.ts';

/** A problem in words that say where: the reader's own text, with the offset (and the format's name). */
function problemText(reason: string, at: number): string {
  const m = /^bad (record|block) length (\d+)$/.exec(reason);
  if (m) return `${m[1] === 'record' ? 'pcap record' : 'pcapng block'} length ${m[2]} at offset ${at}`;
  return `${reason} at offset ${at}`;
}

async function readCapture(ctx: FormatContext, data: AsyncIterable<Buffer>, step: () => Promise<void>): Promise<void> {
  const flows = ctx.sink.table('pcap_flows', INSERT_PCAP_FLOWS);
  const c = {
    sourceId: ctx.sourceId, lineNo: 0, byteOff: 0, dumpTs: ctx.dumpTimeUs, num: addrNumText,
    flagNames: (m: number, proto: number) => (proto === 6 ? tcpFlagNames(m) : null),
  };
  const names = new Map<string, NameRow>();
  const onFlow = (f: FlowRecord) => {
    c.lineNo++;
    flows.put(pcapFlowRow, writePcapFlow, f, c);
  };
  const reject = (p: CaptureProblem, reason: string) =>
    ctx.sink.reject({ sourceId: ctx.sourceId, lineNo: p.index, byteOff: p.byteOffset, reason, line: `packet ${p.index}`, raw: null, length: null }, true);
  // The decoder stops at damage that loses the framing, and would close the stream there: it gets a
  // view it cannot close, and the rest is read below, so the reject can say how much was not read.
  const src = data[Symbol.asyncIterator]();
  let seen = 0;
  const view: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const n = await src.next();
        if (!n.done) {
          seen += n.value.length;
          // Lets the importer flush, report progress and see a cancel between chunks.
          await step();
        }
        return n;
      },
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  let halt: CaptureProblem | null = null;
  const summary = await decodeCaptureToFlows(
    view,
    onFlow,
    (n) => {
      const key = `${n.address}\t${n.name}\t${n.how}`;
      const row = names.get(key);
      if (row) {
        row.seen++;
        row.first = Math.min(row.first, n.tsMicros);
        row.last = Math.max(row.last, n.tsMicros);
      } else names.set(key, { address: n.address, name: n.name, how: n.how, first: n.tsMicros, last: n.tsMicros, seen: 1 });
    },
    (p, halted) => (halted ? (halt = p) : reject(p, problemText(p.reason, p.byteOffset))),
    // Every problem is a reject: the counts must reconcile however broken the capture.
    { maxReportedProblems: Infinity },
  );
  for (let n = await src.next(); !n.done; n = await src.next()) {
    seen += n.value.length;
    await step();
  }
  const h = halt as CaptureProblem | null;
  if (h) reject(h, `${problemText(h.reason, h.byteOffset)}: reading stops here, the ${seen - h.byteOffset} bytes from there to the end are not read`);
  const out = ctx.sink.table('names', INSERT_NAMES);
  for (const n of names.values()) out.put(nameRow, writeName, n, c);
  // A unit is a packet, or damage between packets (a bad record or block) that is a reject of its own.
  ctx.counts.lines = summary.packets + summary.framing;
  // Frames that are not IP (ARP, LLDP…) are counted apart, like blank lines in a log.
  ctx.counts.blank = summary.nonIp;
  ctx.sink.events = summary.decoded;
}

export const PCAP: FormatProbe = {
  id: 'pcap',
  label: 'pcap / pcapng captures (Ethernet, VLAN, SLL/SLL2, raw IP, loopback, NFLOG)',
  unit: 'packet',
  table: 'pcap_flows',
  detect: (s) => detectCapture(s.head) !== null,
  stream: readCapture,
};
