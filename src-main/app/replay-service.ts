// The app's replay operation: a ruleset (imported, pasted dump, or allow model) run over the case, in one result shape.
import { readFileSync, statSync } from 'node:fs';
import type { ReplayRequest, ReplayResult, ReplayTraffic, RulesetImported } from '../shared/api.ts';
import { importRulesetText, RulesetFormatError } from '../ruleset/ruleset-import.ts';
import type { CaseDb } from '../db/case-db.ts';
import { currentRuleset, ephemeralPortMin, packetGroupBatches } from '../db/replay-queries.ts';
import { outboundGroupBatches } from '../db/allow-queries.ts';
import { parseRuleset as parseDump } from '../ruleset/parse-ruleset.ts';
import { parseRuleset as parseAllowModel } from '../rules/allow-model.ts';
import type { ReplayGroup } from '../replay/replay-groups.ts';
import type { ReplayJob, ReplayJobResult } from './cpu-jobs.ts';
import { runJob } from './cpu-run.ts';
import type { JobControl } from './cpu-op.ts';
import { HOOKS } from '../replay/packet.ts';
import { protoName } from '../replay/conditions.ts';
import { AppError } from './result.ts';
import * as v from './validate.ts';
import { printable } from '../rules/sanitize-comment.ts';

const FIELDS = ['source', 'text', 'hook', 'table', 'upload', 'opId'];
const MAX_TEXT = 20 * 1024 * 1024;
/** A ruleset or rule model sent as a file may be larger than a message. */
const MAX_UPLOAD = 256 * 1024 * 1024;

/** Reads the text of an upload of this server (browser mode); refuses any other path. */
export type UploadReader = (path: unknown) => string;

export function uploadReader(isUpload: ((path: string) => boolean) | undefined): UploadReader {
  return (path) => {
    const p = v.path(path, 'upload');
    if (!isUpload?.(p)) throw new AppError('BAD_ARGUMENT', 'upload must be a path this server answered to POST /upload');
    if (statSync(p).size > MAX_UPLOAD) throw new AppError('TOO_LARGE', `the uploaded ruleset is over ${MAX_UPLOAD / 2 ** 20} MiB`);
    return readFileSync(p, 'utf8');
  };
}

const TABLES = ['filter', 'mangle', 'raw', 'security'] as const;

/** Pasted dumps go in under a name the user gave; their path says they came from the app. */
export async function importPastedRuleset(db: CaseDb, text: unknown, name: unknown, table: unknown, upload: unknown, read: UploadReader): Promise<RulesetImported> {
  const t = upload === null || upload === undefined ? v.str(text, 'text', MAX_TEXT) : read(upload);
  const n = printable(v.str(name, 'name', 200));
  const tb = table === null || table === undefined ? undefined : v.oneOf(table, 'table', TABLES);
  try {
    return await importRulesetText(db, Buffer.from(t, 'utf8'), { name: n, path: `(pasted in the app: ${n})`, table: tb });
  } catch (e) {
    if (e instanceof RulesetFormatError) throw new AppError('BAD_ARGUMENT', e.message);
    throw e;
  }
}

export function checkReplayRequest(raw: unknown, read: UploadReader): ReplayRequest {
  const r = v.record(raw, 'request');
  for (const k of Object.keys(r)) if (!FIELDS.includes(k)) throw new AppError('BAD_ARGUMENT', `unknown request field "${k}"`);
  const given = v.oneOf(r.source, 'source', ['imported', 'text', 'upload'] as const);
  // An upload is read here and then replayed as text: one path from there on.
  const source = given === 'imported' ? 'imported' : 'text';
  const text = given === 'text' ? v.str(r.text, 'text', MAX_TEXT) : given === 'upload' ? read(r.upload) : null;
  const table = r.table === null || r.table === undefined ? null : v.oneOf(r.table, 'table', TABLES);
  const opId = r.opId === null || r.opId === undefined ? null : v.opId(r.opId);
  return { source, text, hook: r.hook === null || r.hook === undefined ? null : v.oneOf(r.hook, 'hook', HOOKS), table, opId };
}

function traffic(g: ReplayGroup): ReplayTraffic {
  return {
    src: g.src, dst: g.dst, proto: protoName(g.proto_num), dport: g.dport ?? g.icmp_type, hook: g.hook,
    via: g.in_if === null ? g.origin : `${g.in_if || '-'}→${g.out_if || '-'}`, org: g.dst_org, records: g.records, lastSeen: g.last_seen,
    verdict: g.verdict, rule: g.rule, why: g.why,
  };
}

/** The case's groups are read here and fed to a worker thread, which judges them against the ruleset. */
export async function replayForApp(db: CaseDb, req: ReplayRequest, job: JobControl = {}): Promise<ReplayResult> {
  job.onProgress?.('reading the traffic', 0, 0);
  if (req.source === 'text' && /^\s*\{/.test(req.text!)) {
    let model;
    try {
      model = parseAllowModel(req.text!);
    } catch (e) {
      throw new AppError('BAD_ARGUMENT', `not an allow model: ${(e as Error).message}`);
    }
    const done = await runJob<ReplayJobResult>('replay', { kind: 'allow-model', model, limit: 1000 } satisfies ReplayJob, { ...job, feed: outboundGroupBatches(db) });
    const r = (done as Extract<ReplayJobResult, { kind: 'allow-model' }>).report;
    const accepted = { groups: r.flows - r.dropped.flows, records: r.records - r.dropped.records };
    return {
      kind: 'allow-model', total: { groups: r.flows, records: r.records }, accept: accepted,
      drop: { groups: r.dropped.flows, records: r.dropped.records }, reject: { groups: 0, records: 0 }, unknown: { groups: 0, records: 0 },
      notes: ['an allow model judges the outbound flows only (internal source, external destination)'],
      rules: r.rules.map((x) => ({ where: `rule ${x.id}`, text: `${x.src} ${x.proto}${x.dport === null ? '' : `/${x.dport}`} → ${x.dst.join(', ')}`, groups: x.flows, records: x.records, matchedRecords: x.records })),
      blocked: r.drops.map((d) => ({
        src: d.src, dst: d.dst, proto: d.proto, dport: d.dport, hook: null, via: 'outbound', org: d.dst_org, records: d.records,
        lastSeen: d.last_seen, verdict: 'drop', rule: 'default drop', why: null,
      })),
      undecided: [],
    };
  }
  let parts;
  if (req.source === 'imported') {
    parts = await currentRuleset(db);
    if (!parts.length) throw new AppError('NOT_FOUND', 'this case has no imported ruleset: run fwlens ruleset import CASE FILE, or paste one');
  } else {
    const p = parseDump(req.text!, { table: req.table ?? undefined });
    if (!p) throw new AppError('BAD_ARGUMENT', 'not a ruleset fwlens reads: paste iptables-save, iptables -L -v -n --line-numbers or nft list ruleset output, or an allow model (FILE.rules.json)');
    parts = [p];
  }
  const input: ReplayJob = { kind: 'ruleset', parts, ephMin: await ephemeralPortMin(db), options: { hook: req.hook, limit: 1000, hookHint: 'choose where traffic without interfaces goes' } };
  const r = ((await runJob<ReplayJobResult>('replay', input, { ...job, feed: packetGroupBatches(db) })) as Extract<ReplayJobResult, { kind: 'ruleset' }>).report;
  return {
    kind: 'ruleset', total: r.total, ...r.verdicts, notes: r.notes,
    rules: r.rules.map((x) => ({
      where: `${x.family} ${x.table} ${x.chain}${x.kind === 'policy' ? ' policy' : ` #${x.position}`}`,
      text: x.kind === 'policy' ? String(x.target) : x.text, groups: x.groups, records: x.records, matchedRecords: x.matched_records,
    })),
    blocked: r.blocked.map(traffic), undecided: r.unknown.map(traffic),
  };
}
