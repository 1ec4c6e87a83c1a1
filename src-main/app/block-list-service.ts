// The case's block list behind the API: argument checks, who added an entry, and the counts shown before adding many.
import { userInfo } from 'node:os';
import type { BlockDirection, BlockListEntry, BlockTargetsPreview } from '../shared/api.ts';
import type { SqlRunner } from '../db/saved-queries.ts';
import { asnPrefixCounts, blockListSize, insertBlockItems, internalNetworksText, listBlockList } from '../db/block-list.ts';
import { compareRanges, parseCidr, type Cidr } from '../enrich/cidr.ts';
import { ScopeClassifier, parseNetworkList } from '../enrich/address-scope.ts';
import { AppError, iso } from './result.ts';
import * as v from './validate.ts';

export const BLOCK_DIRECTIONS: readonly BlockDirection[] = ['inbound', 'outbound', 'forward'];
/** As many as one block script takes: a longer list could be kept but never turned into rules. */
export const MAX_BLOCK_LIST = 10_000;
const MAX_WHY = 500;

/** An address, a CIDR or `AS<n>` (1–4294967295), as it will be stored: trimmed, `AS` upper-case. */
export function checkBlockItem(raw: unknown, name = 'item'): string {
  const s = v.str(raw, name, 64).trim();
  const as = /^AS(\d{1,10})$/i.exec(s);
  if (as) {
    const n = Number(as[1]);
    if (n >= 1 && n <= 4294967295) return `AS${n}`;
  } else if (parseCidr(s)) return s;
  throw new AppError('BAD_ARGUMENT', `${name} must be an address, a CIDR or AS<number>, not ${JSON.stringify(s.slice(0, 40))}`);
}

export function checkItems(raw: unknown, name = 'items'): string[] {
  if (!Array.isArray(raw) || raw.length > MAX_BLOCK_LIST) throw new AppError('BAD_ARGUMENT', `${name} must be a list of at most ${MAX_BLOCK_LIST.toLocaleString('en')} items`);
  return raw.map((x, i) => checkBlockItem(x, `${name}[${i}]`));
}

export interface BlockAdd { item: string; direction: BlockDirection; why: string | null }

export function checkAdds(raw: unknown): BlockAdd[] {
  if (!Array.isArray(raw) || raw.length > MAX_BLOCK_LIST) throw new AppError('BAD_ARGUMENT', `entries must be a list of at most ${MAX_BLOCK_LIST.toLocaleString('en')}`);
  return raw.map((x, i) => {
    const r = v.record(x, `entries[${i}]`);
    const why = r.why === null || r.why === undefined ? null : v.str(r.why, `entries[${i}].why`, MAX_WHY, 0);
    return { item: checkBlockItem(r.item, `entries[${i}].item`), direction: v.oneOf(r.direction, `entries[${i}].direction`, BLOCK_DIRECTIONS), why };
  });
}

/** Who added an entry: the OS user running the core and the shell it came through (a browser's user is not known to the core). */
export function addedBy(shell: 'electron' | 'browser'): string {
  let user = 'unknown user';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry (a container's arbitrary uid): said so rather than invented.
  }
  return `${user} (${shell === 'electron' ? 'desktop app' : 'browser mode'})`;
}

export async function addEntries(db: SqlRunner, adds: BlockAdd[], by: string): Promise<{ added: number; already: number }> {
  const seen = new Set<string>();
  const distinct = adds.filter((a) => !seen.has(a.item) && seen.add(a.item));
  const have = new Set((await listBlockList(db)).map((e) => e.item));
  const fresh = distinct.filter((a) => !have.has(a.item));
  if (have.size + fresh.length > MAX_BLOCK_LIST) {
    throw new AppError('TOO_LARGE', `the block list holds at most ${MAX_BLOCK_LIST.toLocaleString('en')} entries (it has ${have.size.toLocaleString('en')}; ${fresh.length.toLocaleString('en')} more were asked)`);
  }
  const added = await insertBlockItems(db, fresh, by);
  return { added, already: adds.length - added };
}

export async function entries(db: SqlRunner): Promise<BlockListEntry[]> {
  return (await listBlockList(db)).map((r) => ({
    item: r.item, direction: (BLOCK_DIRECTIONS as readonly string[]).includes(r.direction) ? (r.direction as BlockDirection) : 'inbound',
    why: r.why, addedBy: r.addedBy, addedAt: iso(r.addedAt) ?? '',
  }));
}

export { blockListSize };

export async function preview(db: SqlRunner, items: string[]): Promise<BlockTargetsPreview> {
  const classifier = new ScopeClassifier(parseNetworkList(await internalNetworksText(db)));
  const asns: number[] = [];
  const internal: { item: string; c: Cidr }[] = [];
  for (const item of new Set(items)) {
    if (item.startsWith('AS')) { asns.push(Number(item.slice(2))); continue; }
    const c = parseCidr(item)!;
    // As the script builder judges it: a range touching anything not external is left out by default.
    if (classifier.classify(c.family, c.lo) !== 'external' || classifier.classify(c.family, c.hi) !== 'external') internal.push({ item, c });
  }
  // In address order, whatever order the items came in (a DISTINCT has none): the confirmation names the first few.
  internal.sort((a, b) => compareRanges(a.c, b.c));
  const counts = await asnPrefixCounts(db, asns);
  return {
    total: new Set(items).size, internal: internal.length, internalItems: internal.map((i) => i.item), asns: asns.length,
    prefixes: [...counts.values()].reduce((a, b) => a + b, 0), asnsWithoutPrefixes: asns.filter((a) => !counts.has(a)).length,
  };
}
