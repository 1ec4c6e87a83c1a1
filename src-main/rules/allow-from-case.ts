// An allow-list built from a case's outbound flows: the one entry point the CLI and the app share.
import type { CaseDb } from '../db/case-db.ts';
import { asnRangesMany, outboundTuples } from '../db/allow-queries.ts';
import { buildAllow, type BuildResult } from './allow-build.ts';
import type { DestBy, GroupBy } from './allow-model.ts';
import { nonExternalRanges, parseNetworkList } from '../enrich/address-scope.ts';
import { getSetting } from '../db/settings.ts';

export interface AllowFromCaseOptions {
  group: GroupBy;
  dest: DestBy;
  /** Only traffic that got through: accepting log lines, conntrack entries with a reply, captured flows with reply packets. */
  acceptedOnly?: boolean;
}

export async function allowFromCase(db: CaseDb, o: AllowFromCaseOptions): Promise<BuildResult> {
  const tuples = await outboundTuples(db, { acceptedOnly: !!o.acceptedOnly });
  // ASN prefixes are read up front so building the rules stays a pure function.
  const prefixes = o.dest === 'asn'
    ? await asnRangesMany(db, tuples.flatMap((t) => (t.dst_asn === null ? [] : [t.dst_asn])))
    : new Map<string, Array<{ lo: bigint; hi: bigint }>>();
  const notExternal = await notExternalRanges(db);
  const built = buildAllow(tuples, { group: o.group, dest: o.dest, notExternal }, (a, f) => prefixes.get(`${a}/${f}`) ?? []);
  if (o.acceptedOnly && !tuples.length) built.notes.push('no outbound flow in this case was accepted or answered; the allow-list is empty');
  return built;
}

/** The case's ranges that are not external (its internal networks, the special ranges): passed through unfiltered. */
export async function notExternalRanges(db: CaseDb): Promise<Array<{ family: 4 | 6; lo: bigint; hi: bigint }>> {
  return nonExternalRanges(parseNetworkList(await getSetting(db, 'internal_networks')));
}
