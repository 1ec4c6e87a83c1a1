// The netfilter import's fast path for one line: the common envelope and body read straight into the
// record (parse/envelope-fast.ts, parse/netfilter-fast.ts); false sends the line to the exact parsers.
import type { EventRecord } from '../shared/model.ts';
import type { EnvelopeContext } from '../parse/envelope.ts';
import { resetEventRecord } from '../parse/record-reset.ts';
import { makeFastEnvelope } from '../parse/envelope-fast.ts';
import { fastNetfilter } from '../parse/netfilter-fast.ts';
import { eventMisfit } from '../db/event-writer.ts';
import { countFast } from './import-profile.ts';

/** FWLENS_FAST_PARSE=0 turns the fast path off, and the byte-written rows (to compare, or to rule them out). */
const ON = process.env.FWLENS_FAST_PARSE !== '0';

export function makeFastLine(ctx: EnvelopeContext): (line: string, rec: EventRecord) => boolean {
  const envelope = makeFastEnvelope(ctx);
  return (line, rec) => {
    if (!ON) return false;
    resetEventRecord(rec);
    const p = envelope(line, rec);
    // A value out of its column's range is the exact path's to word as a reject.
    if (p < 0 || !fastNetfilter(line, p, rec) || eventMisfit(rec) !== null) return false;
    countFast(1);
    return true;
  };
}
