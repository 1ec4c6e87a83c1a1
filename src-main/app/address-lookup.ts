// The address panel's Look up: reverse DNS and RDAP of one address, cancellable, and "offline" within
// seconds when nothing answers, instead of each source waiting out its own timeouts and retries.
import type { AddressDetails, LookupOutcome } from '../shared/api.ts';
import { ipInfoRow } from '../db/address-queries.ts';
import { saveLookups, setRdnsMany, setWhoisMany, type CachedLookup } from '../db/lookups.ts';
import { makeResolver, reversePtr, type RdnsResult } from '../lookup/rdns.ts';
import { rdapIp } from '../lookup/rdap-client.ts';
import type { LookupResult } from '../lookup/lookup-types.ts';
import { networkOverrides } from '../cli/net-overrides.ts';
import type { ServiceContext } from './context.ts';
import { addressDetails } from './address-details.ts';
import { AppError } from './result.ts';

/** With no answer from any source by then, the lookup ends as offline (the promise to the user is 3 s). */
export const OFFLINE_AFTER_MS = 2500;

// Statuses that prove a server was reached; anything else (timeout, refused, unreachable) does not.
const ANSWERED = new Set(['ok', 'nxdomain', 'not-found', 'malformed', 'too-large']);

type Outcome = { ptr: RdnsResult; rdap: LookupResult | null };

/** Asks the network about one address and stores the answers, then answers its details with `lookup`. */
export async function lookupAddress(ctx: ServiceContext, address: string, opId: string | null): Promise<AddressDetails> {
  const known = await ctx.side((r) => ipInfoRow(r, address));
  if (!known) throw new AppError('NOT_FOUND', `${address} is not in this case's ip_info (import and enrich first)`);
  const o = networkOverrides();
  const id = opId ?? ctx.ops.internalId();
  const abort = new AbortController();
  const resolver = makeResolver({ servers: o.dnsServers, timeoutMs: o.timeoutMs ?? 2000, tries: 1 });
  let cancelled = false;
  const stopAll = () => {
    abort.abort();
    resolver.cancel();
  };
  ctx.ops.start(id, () => {
    cancelled = true;
    stopAll();
  });
  // Announced as running work, so the indicator on every view lists it and Esc can find it.
  ctx.emit({ opId: id, kind: 'lookup', label: address, done: 0, total: 0, rate: null, etaSeconds: null });
  let answered = false;
  const note = <T extends { status: string } | null>(r: T): T => {
    if (r && ANSWERED.has(r.status)) answered = true;
    return r;
  };
  let deadline: ReturnType<typeof setTimeout> | undefined;
  try {
    const both: Promise<Outcome> = Promise.all([
      reversePtr(address, { resolver }).then(note),
      // RDAP only means something for public addresses; registries answer nothing useful for the rest.
      known.scope === 'external'
        ? rdapIp(address, { baseUrl: o.rdapBaseUrl, timeoutMs: o.timeoutMs, minIntervalMs: o.minIntervalMs, signal: abort.signal }).then(note)
        : Promise.resolve(null),
    ]).then(([ptr, rdap]) => ({ ptr, rdap }));
    const stopped = new Promise<'stopped'>((resolve) => abort.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
    const late = new Promise<'deadline'>((resolve) => { deadline = setTimeout(() => resolve('deadline'), OFFLINE_AFTER_MS); });
    let first = await Promise.race([both, stopped, late]);
    if (first === 'deadline' && answered) first = await Promise.race([both, stopped]);
    if (cancelled) throw new AppError('CANCELLED', 'lookup cancelled');
    if (first === 'deadline' || first === 'stopped' || !answered) {
      stopAll();
      const asked = [`reverse DNS (${resolver.getServers().join(', ') || 'system resolver'})`, known.scope === 'external' ? 'RDAP' : null].filter(Boolean).join(' and ');
      const lookup: LookupOutcome = {
        offline: true, rdns: 'offline', rdap: known.scope === 'external' ? 'offline' : null,
        message: `Offline: no answer from ${asked} within ${Math.ceil(OFFLINE_AFTER_MS / 1000)} s. Cached answers were kept.`,
      };
      return { ...(await ctx.side((r) => addressDetails(r, address))), lookup };
    }
    await store(ctx, address, first);
    const failed = [first.ptr.status, first.rdap?.status].some((s) => s !== undefined && !ANSWERED.has(s));
    const lookup: LookupOutcome = {
      offline: false, rdns: first.ptr.status, rdap: first.rdap?.status ?? null,
      message: failed ? `Partly answered: reverse DNS ${first.ptr.status}${first.rdap ? `, RDAP ${first.rdap.status}` : ''}.` : null,
    };
    return { ...(await ctx.side((r) => addressDetails(r, address))), lookup };
  } finally {
    clearTimeout(deadline);
    ctx.ops.end(id);
  }
}

async function store(ctx: ServiceContext, address: string, { ptr, rdap }: Outcome): Promise<void> {
  await ctx.main((db) => db.transaction(async () => {
    await setRdnsMany(db, [{ address, name: ptr.names[0] ?? null, status: ptr.status }]);
    const lookups: CachedLookup[] = [{ kind: 'rdns', query: address, status: ptr.status, server: ptr.server, record: { names: ptr.names }, raw: null }];
    if (rdap) {
      const rec = rdap.record;
      await setWhoisMany(db, [{
        address, status: rdap.status, netname: rec?.netname ?? null, org: rec?.org ?? rec?.asName ?? null, country: rec?.country ?? null,
        abuse: rec?.abuse ?? null, range: rec ? (rec.cidr.length ? rec.cidr.join(', ') : rec.range) : null, registry: rec?.registry ?? null,
      }]);
      lookups.push({ kind: 'rdap', query: address, status: rdap.status, server: rdap.server, record: rec ?? null, raw: null });
    }
    await saveLookups(db, lookups);
  }));
}
