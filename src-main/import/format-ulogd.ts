// ulogd2 JSON output as a source format: one event per line, like kernel LOG lines.
import { EventRecord } from '../shared/model.ts';
import { parseUlogdJson, detect } from '../ulogd/ulogd-json.ts';
import { resetEventRecord } from '../parse/record-reset.ts';
import { makeZone } from '../parse/syslog-time.ts';
import { eventMisfit } from '../db/event-writer.ts';
import { escapeBytes } from '../db/rejects.ts';
import type { FormatContext, FormatProbe } from './format-types.ts';
import type { LineBatch } from './line-split.ts';

function handler(ctx: FormatContext) {
  const rec = new EventRecord();
  const zone = ctx.tz ? makeZone(ctx.tz) : undefined;
  return (batch: LineBatch): void => {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i];
      const lineNo = batch.firstLine + i;
      const bytes = batch.raw.size ? batch.raw.get(i) : undefined;
      ctx.counts.lines++;
      if (line.trim() === '' && !bytes) {
        ctx.counts.blank++;
        continue;
      }
      resetEventRecord(rec);
      const why = bytes && bytes.includes(0) ? 'NUL bytes in the line (damaged file)' : (parseUlogdJson(line, rec, zone) ?? eventMisfit(rec));
      if (why === null) ctx.sink.eventRecord(rec, ctx.sourceId, lineNo, batch.offsets[i]);
      else ctx.sink.reject({ sourceId: ctx.sourceId, lineNo, byteOff: batch.offsets[i], reason: why, line: bytes ? escapeBytes(bytes) : line, raw: bytes ?? null });
    }
  };
}

export const ULOGD_JSON: FormatProbe = {
  id: 'ulogd-json',
  label: 'ulogd2 JSON output',
  unit: 'line',
  table: 'events',
  detect: (s) => detect(s.lines),
  lines: handler,
};
