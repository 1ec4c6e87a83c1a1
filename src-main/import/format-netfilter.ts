// Kernel netfilter LOG lines as a source format: a batch of lines into events and rejects (the per-line
// hot path of a log import).
import { EventRecord } from '../shared/model.ts';
import { resetEventRecord } from '../parse/record-reset.ts';
import { makeEnvelopeSplitter, type EnvelopeContext } from '../parse/envelope.ts';
import { parseNetfilter } from '../parse/netfilter.ts';
import { eventMisfit } from '../db/event-writer.ts';
import { lineRejecter, screenLine } from './line-screen.ts';
import type { LineBatch } from './line-split.ts';
import type { FormatContext, FormatProbe, Sample } from './format-types.ts';
import { detect as detectNetfilter } from '../parse/netfilter.ts';
import { detectEnvelope } from '../parse/envelope.ts';
import { skippedProgram } from './skipped-lines.ts';
import { makeFastLine } from './fast-line.ts';

function makeNetfilterLineHandler(ctx: FormatContext) {
  const { sourceId, sink, counts } = ctx;
  const rejectLine = lineRejecter(ctx);
  const split = makeEnvelopeSplitter({ refTimeMs: ctx.mtimeMs, year: ctx.year, tz: ctx.tz } satisfies EnvelopeContext);
  const rec = new EventRecord();
  const fast = makeFastLine({ refTimeMs: ctx.mtimeMs, year: ctx.year, tz: ctx.tz });
  return (batch: LineBatch): void => {
    const { lines, offsets, raw } = batch;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const lineNo = batch.firstLine + i;
      counts.lines++;
      const bytes = raw.size ? raw.get(i) : undefined;
      // The common shape first (fast-line.ts); it declines anything else, which the exact parsers read.
      if (bytes === undefined && fast(line, rec)) { sink.eventRecord(rec, sourceId, lineNo, offsets[i]); continue; }
      if (screenLine(ctx, rejectLine, line, lineNo, offsets[i], bytes)) continue;
      const env = split(line);
      if (typeof env === 'string') { rejectLine(env, line, lineNo, offsets[i], bytes); continue; }
      resetEventRecord(rec);
      rec.ts = env.ts;
      rec.ts_text = env.ts_text;
      rec.uptime = env.uptime;
      rec.host = env.host;
      const why = parseNetfilter(env.body, rec) ?? eventMisfit(rec);
      if (why !== null) {
        // Another program's line of a syslog file is counted apart: rejects are firewall data that did not read.
        const prog = skippedProgram(line, env);
        if (prog !== null) sink.skip(prog, () => ({ sourceId, lineNo, byteOff: offsets[i], program: prog, line }));
        else rejectLine(why, line, lineNo, offsets[i], bytes);
        continue;
      }
      sink.eventRecord(rec, sourceId, lineNo, offsets[i]);
    }
  };
}

const looksTextual = (head: Buffer): boolean => {
  let bad = 0;
  for (const c of head) if (c < 9) bad++;
  return bad < head.length / 100;
};

export const NETFILTER_LOG: FormatProbe = {
  id: 'netfilter-log',
  label: 'netfilter LOG lines (syslog, journald, dmesg)',
  unit: 'line',
  table: 'events',
  detect: (s: Sample) => {
    const lines = s.lines.filter((l) => l.trim() !== '').slice(0, 2000);
    // Netfilter lines anywhere in the sample make it a log, whatever damage sits between them; a
    // syslog file whose first lines are other programs' counts too (those lines are skipped), and so does
    // one with no firewall line at all: every line is then skipped, and the import says so.
    if (lines.some((l) => detectNetfilter(l))) return true;
    return looksTextual(s.head) && detectEnvelope(lines.slice(0, 400)) !== null;
  },
  lines: makeNetfilterLineHandler,
};
