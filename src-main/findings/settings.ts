// Thresholds of the scan findings (psad-style): one typed object with defaults, overridden per run.

export interface FindingSettings {
  /** Port scan: distinct destination ports from one source… */
  portScanPorts: number;
  /** …within this many seconds. */
  portScanWindowSec: number;
  /** Host sweep: distinct destination hosts on one protocol/port from one source… */
  sweepHosts: number;
  /** …within this many seconds. */
  sweepWindowSec: number;
  /** Flag scans: packets from one source needed to report it. NULL, XMAS and SYN+FIN never occur in
   *  normal traffic, so one is enough; a lone FIN is a normal late close, so it needs several. */
  nullScanMin: number;
  xmasScanMin: number;
  synFinScanMin: number;
  finScanMin: number;
}

export const DEFAULT_FINDING_SETTINGS: Readonly<FindingSettings> = Object.freeze({
  portScanPorts: 15,
  portScanWindowSec: 60,
  sweepHosts: 10,
  sweepWindowSec: 300,
  nullScanMin: 1,
  xmasScanMin: 1,
  synFinScanMin: 1,
  finScanMin: 5,
});

export const FINDING_KINDS = ['port_scan', 'host_sweep', 'null_scan', 'xmas_scan', 'synfin_scan', 'fin_scan'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export function isFindingKind(s: string): s is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(s);
}

/** Defaults with the given overrides; every threshold must be a positive whole number. */
export function findingSettings(over: Partial<FindingSettings> = {}): FindingSettings {
  const s = { ...DEFAULT_FINDING_SETTINGS, ...over };
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`finding setting ${k} must be a whole number ≥ 1, not ${v}`);
  }
  return s;
}

export interface Finding {
  kind: FindingKind;
  src: string;
  family: number | null;
  first_seen: Date | null;
  last_seen: Date | null;
  events: number;
  ports: number;
  hosts: number;
  sample_ports: number[];
  detail: string;
}
