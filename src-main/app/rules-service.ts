// The app's findings and allow-list operations: validated requests in, contract shapes (ISO dates, JSON text) out.
import type { AllowFormat, AllowScript, AllowScriptRequest, ScanFinding } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { scanFindings } from '../findings/scan-findings.ts';
import { allowFromCase } from '../rules/allow-from-case.ts';
import { DESTS, GROUPS } from '../rules/allow-model.ts';
import { ALLOW_FORMATS, renderAllow } from '../rules/allow-render.ts';
import { AppError, iso } from './result.ts';
import * as v from './validate.ts';

const ALLOW_FIELDS = ['format', 'group', 'dest', 'acceptedOnly'];

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
  };
}

export async function allowScript(db: CaseDb, req: AllowScriptRequest): Promise<AllowScript> {
  const built = await allowFromCase(db, { group: req.group, dest: req.dest, acceptedOnly: req.acceptedOnly });
  const out = renderAllow(req.format, built.ruleset, Math.floor(Date.now() / 1000));
  return {
    format: req.format, script: out.script, rollback: out.rollback,
    // The same text `rules allow --out FILE` writes to FILE.rules.json, so a saved copy replays alike.
    rulesJson: JSON.stringify(built.ruleset, null, 2) + '\n',
    rules: built.ruleset.rules.length, notes: built.notes, skipped: out.skipped,
  };
}
