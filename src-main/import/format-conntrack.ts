// conntrack text dumps and event streams as a source format: one conntrack row per entry.
import { ConntrackRecord, isSkip } from '../conntrack/conntrack-record.ts';
import { parseConntrackLine, detect } from '../conntrack/conntrack-line.ts';
import { detect as detectNetfilter } from '../parse/netfilter.ts';
import { makeEnvelopeSplitter } from '../parse/envelope.ts';
import { hasFirewallMarkers, skippedProgram } from './skipped-lines.ts';
import { CONNTRACK_COLUMNS, type RowContext } from '../db/flow-columns.ts';
import { INSERT_CONNTRACK, conntrackDetail, conntrackRow, writeConntrack, type ConntrackRowContext } from '../db/conntrack-store.ts';
import { makeRangeCheck } from '../db/tsv-table.ts';
import { escapeBytes } from '../db/rejects.ts';
import { addrNumText } from '../db/address-number.ts';
import { makeZone } from '../parse/syslog-time.ts';
import type { FormatContext, FormatProbe } from './format-types.ts';
import type { LineBatch } from './line-split.ts';

function ctExtra(r: ConntrackRecord): string | null {
  // Fields with no column of their own stay readable, together with the unrecognised tokens.
  const more: string[] = [];
  if (r.zone_orig !== null) more.push(`zone-orig=${r.zone_orig}`);
  if (r.zone_reply !== null) more.push(`zone-reply=${r.zone_reply}`);
  if (r.secmark !== null) more.push(`secmark=${r.secmark}`);
  if (r.helper !== null) more.push(`helper=${r.helper}`);
  if (r.reply_icmp_type !== null) more.push(`reply-type=${r.reply_icmp_type} reply-code=${r.reply_icmp_code} reply-id=${r.reply_icmp_id}`);
  if (r.start_text !== null) more.push(`start=${r.start_text}`);
  if (r.stop_text !== null) more.push(`stop=${r.stop_text}`);
  if (r.extra !== null) more.push(r.extra);
  return more.length ? more.join(' ') : null;
}

/** Why an entry's numbers cannot be stored (see makeRangeCheck), or null. */
export const conntrackMisfit = makeRangeCheck<ConntrackRecord, RowContext>(CONNTRACK_COLUMNS);

export function conntrackWriterContext(ctx: FormatContext): ConntrackRowContext {
  return { sourceId: ctx.sourceId, lineNo: 0, byteOff: 0, dumpTs: ctx.dumpTimeUs, num: addrNumText, ctExtra, detail: conntrackDetail };
}

function handler(ctx: FormatContext) {
  const spool = ctx.sink.table('conntrack', INSERT_CONNTRACK);
  const c = conntrackWriterContext(ctx);
  const zone = ctx.tz ? makeZone(ctx.tz) : undefined;
  const split = makeEnvelopeSplitter({ refTimeMs: ctx.mtimeMs, year: ctx.year, tz: ctx.tz });
  // An event stream without stamps gets the file's time unless the user gave one (--dump-time): ts_source says which.
  const fileTime = ctx.dumpTimeUs === Math.round(ctx.mtimeMs * 1000);
  const { sourceId, sink } = ctx;
  return (batch: LineBatch): void => {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i];
      const lineNo = batch.firstLine + i;
      const bytes = batch.raw.size ? batch.raw.get(i) : undefined;
      ctx.counts.lines++;
      const rec = new ConntrackRecord();
      c.lineNo = lineNo;
      c.byteOff = batch.offsets[i];
      const why = bytes && bytes.includes(0) ? 'NUL bytes in the line (damaged file)' : (parseConntrackLine(line, rec, zone, split) ?? conntrackMisfit(rec, c));
      c.noTime = fileTime && rec.event !== null ? 'file' : 'dump';
      if (why === null) {
        spool.put(conntrackRow, writeConntrack, rec, c);
        ctx.sink.events++;
      } else if (isSkip(why)) {
        ctx.counts.blank++;
      } else if (!why.startsWith('NUL') && otherProgram(line) !== null) {
        const prog = otherProgram(line)!;
        sink.skip(prog, () => ({ sourceId, lineNo, byteOff: batch.offsets[i], program: prog, line }));
      } else {
        ctx.sink.reject({ sourceId: ctx.sourceId, lineNo, byteOff: batch.offsets[i], reason: why, line: bytes ? escapeBytes(bytes) : line, raw: bytes ?? null });
      }
    }
  };
}

/** The program of another program's syslog line among conntrack logger lines, or null. */
function otherProgram(line: string): string | null {
  const env = splitForSkip(line);
  return typeof env === 'string' ? null : skippedProgram(line, env);
}
const splitForSkip = makeEnvelopeSplitter({ refTimeMs: Date.now(), tz: 'UTC' });

export const CONNTRACK_TEXT: FormatProbe = {
  id: 'conntrack',
  label: 'conntrack -L / -E text, /proc/net/nf_conntrack, conntrackd -i',
  unit: 'line',
  table: 'conntrack',
  detect: (s) => {
    // Other programs' lines of a syslog file do not count against a conntrack logger's lines among them.
    const lines = s.lines.filter((l) => l.trim() !== '' && (hasFirewallMarkers(l) || otherProgram(l) === null)).slice(0, 50);
    const hits = lines.filter((l) => detect(l)).length;
    // A damaged stream (most of its first lines broken) is still conntrack when no line of it is a
    // netfilter LOG line: the LOG reader would otherwise take it for a log and reject every line.
    return hits > 0 && (hits >= lines.length / 2 || !s.lines.some((l) => detectNetfilter(l)));
  },
  lines: handler,
};
