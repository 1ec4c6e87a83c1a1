// The app's "block list → script" operation: validated request in, script and rollback out; refused on a lockout unless forceLockout.
import type { BlockFormat, BlockScript, BlockScriptRequest } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { collectSources } from '../rules/collect-sources.ts';
import { buildTargets } from '../rules/targets.ts';
import { FORMATS, render, writtenEntries } from '../rules/render.ts';
import { gatherHostFacts, type GatherOptions } from '../rules/host-facts.ts';
import { lockoutCheck, LockoutRefused } from '../rules/lockout.ts';
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
  return {
    targets,
    format: v.oneOf<BlockFormat>(r.format, 'format', FORMATS),
    direction: v.oneOf(r.direction, 'direction', DIRECTIONS),
    port: r.port === null || r.port === undefined ? null : v.int(r.port, 'port', 1, 65535),
    proto: r.proto === null || r.proto === undefined ? null : v.oneOf(r.proto, 'proto', ['tcp', 'udp'] as const),
    reject: v.bool(r.reject ?? false, 'reject'),
    log: v.bool(r.log ?? false, 'log'),
    expireSeconds: r.expireSeconds === null || r.expireSeconds === undefined ? null : v.int(r.expireSeconds, 'expireSeconds', 1, 10 * 365 * 86400),
    includeInternal: v.bool(r.includeInternal ?? false, 'includeInternal'),
    forceLockout: v.bool(r.forceLockout ?? false, 'forceLockout'),
  };
}

/** `host`: where the facts of the lockout check come from (tests inject them; the default reads this machine). */
export async function blockScript(db: CaseDb, req: BlockScriptRequest, host: Omit<GatherOptions, 'internal'> = {}): Promise<BlockScript> {
  const { sources, notes } = await collectSources(db, req.targets);
  const internal = parseNetworkList(await getSetting(db, 'internal_networks'));
  const t = buildTargets(sources, { includeInternal: req.includeInternal, internal });
  let header: string[];
  try {
    header = lockoutCheck(writtenEntries(req.format, t), gatherHostFacts({ ...host, internal }), req.direction, req.forceLockout ?? false);
  } catch (e) {
    if (e instanceof LockoutRefused) throw new AppError('LOCKOUT', `${e.message}. Confirm to write it anyway (forceLockout).`);
    throw e;
  }
  const out = render(req.format, t, {
    direction: req.direction, port: req.port ?? undefined, proto: req.proto ?? undefined, reject: req.reject, log: req.log,
    expire: req.expireSeconds ?? undefined, now: Math.floor(Date.now() / 1000), notes: header,
  });
  return {
    format: req.format, script: out.script, rollback: out.rollback, sweep: out.sweep ?? null,
    blocks4: t.v4.length, blocks6: t.v6.length, dropped: t.dropped, skipped: out.skipped, notes,
  };
}
