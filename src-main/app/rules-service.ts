// The app's findings and allow-list operations: validated requests in, contract shapes (ISO dates, JSON text) out.
import type { AllowFormat, AllowScript, AllowScriptRequest, ScanFinding } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { scanFindings } from '../findings/scan-findings.ts';
import { notExternalRanges } from '../rules/allow-from-case.ts';
import { allowRuleCount, asnRangesMany, outboundAsns, outboundTupleBatches } from '../db/allow-queries.ts';
import { COARSER } from '../rules/allow-build.ts';
import { DESTS, GROUPS } from '../rules/allow-model.ts';
import { ALLOW_FORMATS } from '../rules/allow-render.ts';
import type { AllowJob, AllowJobResult } from './cpu-jobs.ts';
import { runJob } from './cpu-run.ts';
import type { JobControl } from './cpu-op.ts';
import { AppError, iso } from './result.ts';
import * as v from './validate.ts';

/** An allow-list larger than this is refused with a hint to group more coarsely: nobody reviews 100,000 rules, and the script would not fit an answer. */
export const MAX_ALLOW_ENTRIES = 50_000;

const ALLOW_FIELDS = ['format', 'group', 'dest', 'acceptedOnly', 'opId'];

export async function findingRows(db: CaseDb): Promise<ScanFinding[]> {
  return (await scanFindings(db)).map((f) => ({
    kind: f.kind, src: f.src, family: f.family, firstSeen: iso(f.first_seen), lastSeen: iso(f.last_seen),
    events: f.events, ports: f.ports, hosts: f.hosts, samplePorts: f.sample_ports, detail: f.detail,
  }));
}

/** Every field checked; an unknown field is refused rather than ignored, so a typo cannot pass for a default. */
export function checkAllowRequest(raw: unknown): AllowScriptRequest {
  const r = v.record(raw, 'request');
  for (const k of Object.keys(r)) if (!ALLOW_FIELDS.includes(k)) throw new AppError('BAD_ARGUMENT', `unknown request field "${k}"`);
  return {
    format: v.oneOf<AllowFormat>(r.format, 'format', ALLOW_FORMATS),
    group: v.oneOf(r.group, 'group', GROUPS),
    dest: v.oneOf(r.dest, 'dest', DESTS),
    acceptedOnly: v.bool(r.acceptedOnly ?? false, 'acceptedOnly'),
    opId: r.opId === null || r.opId === undefined ? null : v.opId(r.opId),
  };
}

/**
 * Counted first in DuckDB (a list too large to review is refused before anything is read); then the
 * flows are read in batches and fed to a worker thread, which groups them into rules and writes the script.
 */
export async function allowScript(db: CaseDb, req: AllowScriptRequest, job: JobControl = {}): Promise<AllowScript> {
  const o = { group: req.group, dest: req.dest, acceptedOnly: req.acceptedOnly };
  job.onProgress?.('counting the rules', 0, 0);
  const count = await allowRuleCount(db, o);
  if (count > MAX_ALLOW_ENTRIES) throw new AppError('TOO_LARGE', `the allow-list would have ${count.toLocaleString('en')} rules (at most ${MAX_ALLOW_ENTRIES.toLocaleString('en')}): ${COARSER}`);
  const prefixes = req.dest === 'asn' ? await asnRangesMany(db, await outboundAsns(db, o)) : new Map<string, Array<{ lo: bigint; hi: bigint }>>();
  const input: AllowJob = { prefixes, group: req.group, dest: req.dest, notExternal: await notExternalRanges(db), format: req.format, now: Math.floor(Date.now() / 1000), maxEntries: MAX_ALLOW_ENTRIES };
  const r = await runJob<AllowJobResult>('allow', input, { ...job, feed: outboundTupleBatches(db, o) });
  if (req.acceptedOnly && !r.tuples) r.notes.push('no outbound flow in this case was accepted or answered; the allow-list is empty');
  return { format: req.format, script: r.script, rollback: r.rollback, rulesJson: r.rulesJson, rules: r.rules, notes: r.notes, skipped: r.skipped };
}
