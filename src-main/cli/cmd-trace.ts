// `fwlens trace CASE`: each traced packet's path through the tables and chains, with its verdict.
import { CaseDb } from '../db/case-db.ts';
import { packetTraces } from '../trace/packet-traces.ts';
import { stepText } from '../trace/trace-paths.ts';
import { formatTable, toJsonValue } from '../shared/format-table.ts';
import { UsageError, type CliValues } from './index.ts';

function windowOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`--trace-window takes seconds > 0, not "${v}"`);
  return n;
}

export async function cmdTrace(args: string[], v: CliValues): Promise<number> {
  const [casePath] = args;
  if (!casePath) throw new UsageError('trace needs a case file');
  const windowSec = windowOption(v['trace-window']);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const traces = await packetTraces(db, windowSec === undefined ? {} : { windowSec });
    if (v.json) {
      process.stdout.write(JSON.stringify(toJsonValue(traces), null, 2) + '\n');
      return 0;
    }
    if (!traces.length) {
      process.stdout.write('No TRACE lines in this case.\n');
      return 0;
    }
    const cols = ['trace_id', 'line_no', 'src', 'dst', 'proto', 'dport', 'verdict', 'path'];
    const rows = traces.map((t) => [t.trace_id, t.line_no, t.src, t.dst, t.proto, t.dport, t.verdict, t.steps.map(stepText).join(' > ')]);
    process.stdout.write(formatTable(cols, rows) + '\n');
  } finally {
    db.close();
  }
  return 0;
}
