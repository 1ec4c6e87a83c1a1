// Computing the scan findings of a case: runs the finding queries and returns typed, ordered rows.
import type { CaseDb, Row } from '../db/case-db.ts';
import { flagScanFindings, windowedFindings } from '../db/findings-queries.ts';
import { findingDetail } from './finding-words.ts';
import { FINDING_KINDS, findingSettings, type Finding, type FindingKind, type FindingSettings } from './settings.ts';

const FLAG_KINDS: readonly FindingKind[] = ['null_scan', 'xmas_scan', 'synfin_scan', 'fin_scan'];

function toFinding(r: Row): Finding {
  const date = (v: unknown) => (v instanceof Date ? v : null);
  return {
    kind: r.kind as FindingKind,
    src: String(r.src),
    family: r.family == null ? null : Number(r.family),
    first_seen: date(r.first_seen),
    last_seen: date(r.last_seen),
    events: Number(r.events),
    ports: Number(r.ports),
    hosts: Number(r.hosts),
    sample_ports: Array.isArray(r.sample_ports) ? r.sample_ports.filter((p) => p != null).map(Number) : [],
    detail: findingDetail({
      kind: String(r.kind), events: Number(r.events), measured: r.measured == null ? null : Number(r.measured),
      window_sec: r.window_sec == null ? null : Number(r.window_sec), span_sec: r.span_sec == null ? null : Number(r.span_sec),
      protos: Array.isArray(r.protos) ? r.protos.map(String) : null, conntrack_rows: r.conntrack_rows == null ? null : Number(r.conntrack_rows),
    }),
  };
}

/** Findings of the given kinds (all by default), oldest first; uptime-only evidence sorts last. */
export async function scanFindings(
  db: CaseDb,
  over: Partial<FindingSettings> = {},
  kinds: readonly FindingKind[] = FINDING_KINDS,
): Promise<Finding[]> {
  const s = findingSettings(over);
  const want = new Set(kinds);
  const rows: Row[] = [];
  if (want.has('port_scan')) rows.push(...(await windowedFindings(db, 'port_scan', s.portScanWindowSec, s.portScanPorts)));
  if (want.has('host_sweep')) rows.push(...(await windowedFindings(db, 'host_sweep', s.sweepWindowSec, s.sweepHosts)));
  if (FLAG_KINDS.some((k) => want.has(k))) {
    const flags = await flagScanFindings(db, { null: s.nullScanMin, xmas: s.xmasScanMin, synfin: s.synFinScanMin, fin: s.finScanMin });
    rows.push(...flags.filter((r) => want.has(r.kind as FindingKind)));
  }
  const t = (f: Finding) => f.first_seen?.getTime() ?? Number.POSITIVE_INFINITY;
  return rows.map(toFinding).sort((a, b) => t(a) - t(b) || a.kind.localeCompare(b.kind) || a.src.localeCompare(b.src));
}
