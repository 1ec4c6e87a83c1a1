// `nft monitor trace` and `xtables-monitor --trace` output as source formats: each line one events row in the
// TRACE columns, step rows carrying the packet fields of their trace id's last packet dump.
import { EventRecord } from '../shared/model.ts';
import { resetEventRecord } from '../parse/record-reset.ts';
import { makeEnvelopeSplitter } from '../parse/envelope.ts';
import { copyPacket, protoName, protoNumber, takePacket, type MonitorTraceLine, type PacketFields } from '../parse/monitor-trace.ts';
import { detect as detectNft, parseNftTrace } from '../parse/nft-trace.ts';
import { detect as detectXtables, parseXtablesTrace } from '../parse/xtables-trace.ts';
import { eventMisfit } from '../db/event-writer.ts';
import { lineRejecter, screenLine } from './line-screen.ts';
import type { LineBatch } from './line-split.ts';
import { skippedProgram } from './skipped-lines.ts';
import type { FormatContext, FormatProbe, Sample } from './format-types.ts';

interface Dialect {
  detect(body: string): boolean;
  parse(body: string, rec: EventRecord): MonitorTraceLine | string;
  /** Reason for a line that is neither a trace line nor one in a syslog envelope. */
  notOne: string;
  /** Lines the monitor prints that are not traces (ruleset events): rejects, but not damage. */
  other?: RegExp;
}


/** The protocol of an iptables rule's `-p X` (not negated, not `all`): a packet that matched the rule has it. */
function matchedProto(text: string): number | null {
  const m = /(^|\s)(!\s+)?(?:-p|--protocol)\s+(\S+)/.exec(text);
  return m && !m[2] && m[3] !== 'all' && m[3] !== '0' ? protoNumber(m[3]) : null;
}

/** A cut or odd trace line is a reject, never another program's line. */
const TRACE_WORDS = /\btrace id [0-9a-f]|\b(?:TRACE|PACKET): /;

// Trace ids of packets still being traced: a long capture holds many, but only recent ones get more lines.
const OPEN_TRACES_MAX = 65536;

function makeTraceLineHandler(d: Dialect) {
  return (ctx: FormatContext) => {
    const { sourceId, sink, counts } = ctx;
    const split = makeEnvelopeSplitter({ refTimeMs: ctx.mtimeMs, year: ctx.year, tz: ctx.tz });
    const rec = new EventRecord();
    const packets = new Map<string, PacketFields>();
    const reject = lineRejecter(ctx);
    return (batch: LineBatch): void => {
      const { lines, offsets, raw } = batch;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const lineNo = batch.firstLine + i;
        counts.lines++;
        const bytes = raw.size ? raw.get(i) : undefined;
        if (screenLine(ctx, reject, line, lineNo, offsets[i], bytes)) continue;
        resetEventRecord(rec);
        let body = line;
        // The monitor writes no time; a line kept by syslog or journald has the envelope's.
        if (!d.detect(line)) {
          const env = split(line);
          if (typeof env === 'string' || !d.detect(env.body)) {
            // Other programs' lines of a syslog file the trace was logged to are counted apart, as in a LOG import.
            const prog = typeof env === 'string' || TRACE_WORDS.test(env.body) ? null : skippedProgram(line, env);
            if (prog !== null) { sink.skip(prog, () => ({ sourceId, lineNo, byteOff: offsets[i], program: prog, line })); continue; }
            const other = d.other?.test(line) ?? false;
            reject(other ? 'ruleset event of the monitor, not a trace line' : d.notOne, line, lineNo, offsets[i], bytes, other ? false : undefined);
            continue;
          }
          rec.ts = env.ts; rec.ts_text = env.ts_text; rec.uptime = env.uptime; rec.host = env.host;
          body = env.body;
        }
        const st = d.parse(body, rec);
        if (typeof st === 'string') { reject(st, line, lineNo, offsets[i], bytes); continue; }
        const key = `${st.family} ${st.id}`;
        // A packet dump (or a step line carrying one, as old xtables-monitor printed) starts the packet's
        // fields; every other step borrows them, so each row reads like a TRACE line.
        if (rec.src !== null || rec.in_if !== null || rec.out_if !== null || st.type === 'packet') {
          packets.delete(key);
          if (packets.size >= OPEN_TRACES_MAX) packets.delete(packets.keys().next().value!);
          packets.set(key, takePacket(rec));
        } else {
          const p = packets.get(key);
          if (p) {
            const mark = rec.mark;
            copyPacket(p, rec);
            if (mark !== null) rec.mark = mark;
            // xtables-monitor dumps print no protocol; a rule that matched with `-p X` tells it.
            if (p.proto_num === null && st.type === 'rule' && st.text !== null) {
              const n = matchedProto(st.text);
              if (n !== null) { p.proto_num = rec.proto_num = n; p.proto = rec.proto = protoName(n); }
            }
          }
        }
        rec.action = 'LOG';
        rec.trace_id = st.id;
        rec.trace_family = st.family;
        rec.trace_table = st.table;
        rec.trace_chain = st.chain;
        rec.trace_type = st.type;
        rec.trace_handle = st.handle;
        rec.trace_verdict = st.verdict;
        rec.trace_text = st.text;
        const misfit = eventMisfit(rec);
        if (misfit !== null) { reject(misfit, line, lineNo, offsets[i], bytes); continue; }
        sink.eventRecord(rec, sourceId, lineNo, offsets[i]);
      }
    };
  };
}

/** Most non-blank lines of the sample are trace lines (a pasted header or a cut first line may not be). */
function mostly(s: Sample, test: (l: string) => boolean): boolean {
  const lines = s.lines.filter((l) => l.trim() !== '').slice(0, 400);
  if (!lines.length) return false;
  const n = lines.filter((l) => test(l) || test(l.replace(/^.*?: (?=trace id |PACKET: | TRACE: )/, ''))).length;
  return n > 0 && n * 2 >= lines.length;
}

const NFT: Dialect = {
  detect: detectNft, parse: parseNftTrace, notOne: 'not an nft monitor trace line',
  // `nft monitor` without `trace` interleaves the ruleset's changes.
  other: /^(?:(?:add|delete|destroy|insert|replace|flush|update|reset) (?:table|chain|rule|set|element|map|counter|quota|limit|flowtable|ct |secmark|synproxy)|# new generation )/,
};
const XTABLES: Dialect = {
  detect: detectXtables, parse: parseXtablesTrace, notOne: 'not an xtables-monitor trace line', other: /^\s*(?:EVENT|NEWGEN): /,
};

export const NFT_TRACE: FormatProbe = {
  id: 'nft-trace',
  label: 'nft monitor trace output',
  unit: 'line',
  table: 'events',
  detect: (s) => mostly(s, detectNft),
  lines: makeTraceLineHandler(NFT),
};

export const XTABLES_TRACE: FormatProbe = {
  id: 'xtables-trace',
  label: 'xtables-monitor --trace output (iptables-nft)',
  unit: 'line',
  table: 'events',
  detect: (s) => mostly(s, detectXtables),
  lines: makeTraceLineHandler(XTABLES),
};
