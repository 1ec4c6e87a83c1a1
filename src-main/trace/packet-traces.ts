// The packet traces of a case: TRACE rows read from the case, grouped per packet.
import type { CaseDb } from '../db/case-db.ts';
import { traceRows } from '../db/trace-queries.ts';
import { groupTraces, type PacketTrace, type TraceOptions } from './trace-paths.ts';

export async function packetTraces(db: CaseDb, opts: Partial<TraceOptions> = {}): Promise<PacketTrace[]> {
  return groupTraces(await traceRows(db), opts);
}
