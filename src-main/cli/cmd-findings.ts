// `fwlens findings CASE`: the scan findings (port scans, host sweeps, flag scans) as a table or JSON.
import { CaseDb } from '../db/case-db.ts';
import { scanFindings } from '../findings/scan-findings.ts';
import { FINDING_KINDS, isFindingKind, type FindingKind, type FindingSettings } from '../findings/settings.ts';
import { formatTable, toJsonValue } from '../shared/format-table.ts';
import { intOption, UsageError, type CliValues } from './index.ts';

function kindsOption(v: string | undefined): FindingKind[] {
  if (v === undefined) return [...FINDING_KINDS];
  const kinds = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) if (!isFindingKind(k)) throw new UsageError(`--kind takes ${FINDING_KINDS.join(', ')}; not "${k}"`);
  return kinds as FindingKind[];
}

function settingsOptions(v: CliValues): Partial<FindingSettings> {
  const over: Partial<FindingSettings> = {};
  const take = (opt: string | undefined, name: string, key: keyof FindingSettings) => {
    if (opt === undefined) return;
    const n = intOption(opt, name, 0);
    if (n < 1) throw new UsageError(`--${name} must be at least 1`);
    over[key] = n;
  };
  take(v['min-ports'], 'min-ports', 'portScanPorts');
  take(v['port-window'], 'port-window', 'portScanWindowSec');
  take(v['min-hosts'], 'min-hosts', 'sweepHosts');
  take(v['sweep-window'], 'sweep-window', 'sweepWindowSec');
  take(v['min-fin'], 'min-fin', 'finScanMin');
  return over;
}

export async function cmdFindings(args: string[], v: CliValues): Promise<number> {
  const [casePath] = args;
  if (!casePath) throw new UsageError('findings needs a case file');
  const kinds = kindsOption(v.kind);
  const over = settingsOptions(v);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const found = await scanFindings(db, over, kinds);
    if (v.json) {
      process.stdout.write(JSON.stringify(toJsonValue(found), null, 2) + '\n');
      return 0;
    }
    if (!found.length) {
      process.stdout.write('No findings.\n');
      return 0;
    }
    const cols = ['kind', 'src', 'first_seen', 'last_seen', 'events', 'ports', 'hosts', 'sample_ports', 'detail'] as const;
    process.stdout.write(formatTable([...cols], found.map((f) => cols.map((c) => f[c]))) + '\n');
  } finally {
    db.close();
  }
  return 0;
}
