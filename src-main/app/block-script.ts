// The app's "block list → script" operation: validated request in, script and rollback out (built in a worker
// thread); refused on a lockout unless forceLockout.
import type { BlockFormat, BlockScript, BlockScriptRequest } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { collectSources } from '../rules/collect-sources.ts';
import { listBlockList } from '../db/block-list.ts';
import { FORMATS } from '../rules/render.ts';
import { gatherHostFacts, type GatherOptions } from '../rules/host-facts.ts';
import type { BlockJob, BlockJobResult } from './cpu-jobs.ts';
import { runJob } from './cpu-run.ts';
import type { JobControl } from './cpu-op.ts';
import { parseNetworkList } from '../enrich/address-scope.ts';
import { getSetting } from '../db/settings.ts';
import * as v from './validate.ts';
import { AppError } from './result.ts';

const DIRECTIONS = ['inbound', 'outbound', 'forward'] as const;

/** Every field checked: only validated addresses, CIDRs, ASNs and integers reach the renderers. */
export function checkBlockRequest(raw: unknown): BlockScriptRequest {
  const r = v.record(raw, 'request');
  if (!Array.isArray(r.targets) || r.targets.length > 10_000) throw new AppError('BAD_ARGUMENT', 'targets must be a list of at most 10,000 items');
  const targets = r.targets.map((t, i) => v.str(t, `targets[${i}]`, 64));
  let directions: BlockScriptRequest['directions'] = null;
  if (r.directions !== null && r.directions !== undefined) {
    if (!Array.isArray(r.directions) || r.directions.length !== targets.length) throw new AppError('BAD_ARGUMENT', 'directions must be a list as long as targets');
    directions = r.directions.map((d, i) => v.oneOf(d, `directions[${i}]`, DIRECTIONS));
  }
  return {
    targets,
    directions,
    format: v.oneOf<BlockFormat>(r.format, 'format', FORMATS),
    direction: v.oneOf(r.direction, 'direction', DIRECTIONS),
    port: r.port === null || r.port === undefined ? null : v.int(r.port, 'port', 1, 65535),
    proto: r.proto === null || r.proto === undefined ? null : v.oneOf(r.proto, 'proto', ['tcp', 'udp'] as const),
    reject: v.bool(r.reject ?? false, 'reject'),
    log: v.bool(r.log ?? false, 'log'),
    expireSeconds: r.expireSeconds === null || r.expireSeconds === undefined ? null : v.int(r.expireSeconds, 'expireSeconds', 1, 10 * 365 * 86400),
    includeInternal: v.bool(r.includeInternal ?? false, 'includeInternal'),
    forceLockout: v.bool(r.forceLockout ?? false, 'forceLockout'),
    opId: r.opId === null || r.opId === undefined ? null : v.opId(r.opId),
  };
}

async function* chunks<T>(list: T[], size: number): AsyncIterable<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * `host`: where the facts of the lockout check come from (tests inject them; by default the worker reads this
 * machine). The case is read here; aggregating and writing run in a worker thread.
 */
export async function blockScript(db: CaseDb, req: BlockScriptRequest, host: Omit<GatherOptions, 'internal'> = {}, job: JobControl = {}): Promise<BlockScript> {
  job.onProgress?.('reading the targets', 0, req.targets.length);
  // The comments say why each entry of the case's block list was added, as the list does.
  const listed = new Map((await listBlockList(db)).map((e) => [e.item, e.why]));
  const { sources, notes } = await collectSources(db, req.targets, undefined, { directions: req.directions ?? undefined, whys: req.targets.map((t) => listed.get(t) ?? null) });
  const internal = parseNetworkList(await getSetting(db, 'internal_networks'));
  const input: BlockJob = {
    includeInternal: req.includeInternal, internal, format: req.format, facts: Object.keys(host).length ? gatherHostFacts({ ...host, internal }) : null, forceLockout: req.forceLockout ?? false,
    render: {
      direction: req.direction, port: req.port ?? undefined, proto: req.proto ?? undefined, reject: req.reject, log: req.log,
      expire: req.expireSeconds ?? undefined, now: Math.floor(Date.now() / 1000),
    },
  };
  const r = await runJob<BlockJobResult>('block', input, { ...job, feed: chunks(sources, 5000) });
  return { format: req.format, ...r, notes };
}
