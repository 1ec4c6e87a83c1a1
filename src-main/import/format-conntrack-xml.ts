// conntrack -L/-E -o xml documents as a source format: streamed flow by flow into the conntrack table.
import { StringDecoder } from 'node:string_decoder';
import { ConntrackRecord, isSkip } from '../conntrack/conntrack-record.ts';
import { ConntrackXmlReader, detect, isXmlReject, type XmlItem } from '../conntrack/conntrack-xml.ts';
import { INSERT_CONNTRACK, conntrackRow, writeConntrack } from '../db/conntrack-store.ts';
import { makeZone } from '../parse/syslog-time.ts';
import { conntrackMisfit, conntrackWriterContext } from './format-conntrack.ts';
import type { FormatContext, FormatProbe } from './format-types.ts';

async function readXml(ctx: FormatContext, data: AsyncIterable<Buffer>, step: () => Promise<void>): Promise<void> {
  const spool = ctx.sink.table('conntrack', INSERT_CONNTRACK);
  const c = conntrackWriterContext(ctx);
  const reader = new ConntrackXmlReader(ctx.tz ? makeZone(ctx.tz) : undefined);
  const decoder = new StringDecoder('utf8');
  const take = (items: XmlItem[]) => {
    for (const it of items) {
      // For XML a "unit" is a flow element; the reason and its line are kept for rejects.
      ctx.counts.lines++;
      if (isXmlReject(it)) {
        if (isSkip(it.reason)) ctx.counts.blank++;
        // A document cut short is damage; a flow that does not read is only a reject.
        else ctx.sink.reject({ sourceId: ctx.sourceId, lineNo: it.line ?? 0, byteOff: 0, reason: it.reason, line: '', raw: null, length: null }, it.reason.startsWith('truncated'));
        continue;
      }
      c.lineNo = reader.lineOf.get(it as ConntrackRecord) ?? 0;
      const misfit = conntrackMisfit(it as ConntrackRecord, c);
      if (misfit) {
        ctx.sink.reject({ sourceId: ctx.sourceId, lineNo: c.lineNo, byteOff: 0, reason: misfit, line: '', raw: null, length: null }, false);
        continue;
      }
      spool.put(conntrackRow, writeConntrack, it as ConntrackRecord, c);
      ctx.sink.events++;
    }
  };
  for await (const chunk of data) {
    take(reader.push(decoder.write(chunk)));
    await step();
  }
  take(reader.push(decoder.end()));
  take(reader.end());
}

export const CONNTRACK_XML: FormatProbe = {
  id: 'conntrack-xml',
  label: 'conntrack -L / -E -o xml',
  unit: 'flow',
  table: 'conntrack',
  detect: (s) => detect(s.head.subarray(0, 4096).toString('utf8')),
  stream: readXml,
};
