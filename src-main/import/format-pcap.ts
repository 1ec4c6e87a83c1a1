// pcap and pcapng captures as a source format: packets decoded and aggregated into flows (not stored
// one row each: a 1 GB capture then imports in bounded memory), names learned for destinations, and
// capture damage recorded as rejects.
import { decodeCaptureToFlows } from '../pcap/pcap-import.ts';
import { detectCapture } from '../pcap/capture-reader.ts';
import { tcpFlagNames } from '../pcap/l4-decode.ts';
import type { FlowRecord } from '../pcap/flow-table.ts';
import { INSERT_NAMES, INSERT_PCAP_FLOWS, writeName, writePcapFlow, type NameRow } from '../db/flow-columns.ts';
import { addrNumText } from '../db/address-number.ts';
import type { FormatContext, FormatProbe } from './format-types.ts';

/** Hands chunks on, letting the importer flush, report progress and see a cancel between them. */
async function* paced(data: AsyncIterable<Buffer>, step: () => Promise<void>): AsyncGenerator<Buffer> {
  for await (const c of data) {
    yield c;
    await step();
  }
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
    flows.add(writePcapFlow(f, c));
  };
  const summary = await decodeCaptureToFlows(
    paced(data, step),
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
    (p) => ctx.sink.reject({ sourceId: ctx.sourceId, lineNo: p.index, byteOff: p.byteOffset, reason: p.reason, line: `packet ${p.index}`, raw: null }),
  );
  const out = ctx.sink.table('names', INSERT_NAMES);
  for (const n of names.values()) out.add(writeName(n, c));
  ctx.counts.lines = summary.packets;
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
