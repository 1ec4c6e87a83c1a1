// The block list the user builds while investigating (addresses, CIDRs, AS<n>), each with why it was
// added, turned into scripts in the Rules view.
const KEY = 'fwlens.blocklist';
// Reasons live beside the list, not in it: the list stays the plain list of strings older builds wrote and read.
const REASONS_KEY = 'fwlens.blocklist.reasons';

function load<T>(key: string, fallback: T, check: (v: unknown) => T): T {
  try {
    return check(JSON.parse(localStorage.getItem(key) ?? 'null'));
  } catch {
    return fallback;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const reasonMap = (v: unknown): Record<string, string> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
};

export const blocklist = $state({
  addresses: load(KEY, [] as string[], strings),
  /** Why each entry was added (display only); entries from older builds have none. */
  reasons: load(REASONS_KEY, {} as Record<string, string>, reasonMap),
});

function save(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(blocklist.addresses));
    localStorage.setItem(REASONS_KEY, JSON.stringify(blocklist.reasons));
  } catch {
    // Storage may be unavailable; the list still lives for this session.
  }
}

export function isBlocked(item: string): boolean {
  return blocklist.addresses.includes(item);
}

export function blockReason(item: string): string | null {
  return blocklist.reasons[item] ?? null;
}

/** Adds what is not listed yet (the first reason given stays); answers how many were new. */
export function addManyToBlocklist(items: Array<{ item: string; reason?: string }>): { added: number; already: number } {
  const have = new Set(blocklist.addresses);
  const fresh: string[] = [];
  const reasons = { ...blocklist.reasons };
  for (const { item, reason } of items) {
    if (have.has(item)) continue;
    have.add(item);
    fresh.push(item);
    if (reason) reasons[item] = reason;
  }
  if (fresh.length) {
    blocklist.addresses = [...blocklist.addresses, ...fresh];
    blocklist.reasons = reasons;
    save();
  }
  return { added: fresh.length, already: items.length - fresh.length };
}

export function addToBlocklist(item: string, reason?: string): void {
  addManyToBlocklist([{ item, reason }]);
}

export function removeFromBlocklist(item: string): void {
  blocklist.addresses = blocklist.addresses.filter((a) => a !== item);
  const { [item]: _, ...rest } = blocklist.reasons;
  blocklist.reasons = rest;
  save();
}

export function clearBlocklist(): void {
  blocklist.addresses = [];
  blocklist.reasons = {};
  save();
}
