// The block list the user builds while investigating (addresses to block), turned into scripts in the Rules view.
const KEY = 'fwlens.blocklist';

function load(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const blocklist = $state({ addresses: load() });

function save(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(blocklist.addresses));
  } catch {
    // Storage may be unavailable; the list still lives for this session.
  }
}

export function isBlocked(address: string): boolean {
  return blocklist.addresses.includes(address);
}

export function addToBlocklist(address: string): void {
  if (!isBlocked(address)) blocklist.addresses = [...blocklist.addresses, address];
  save();
}

export function removeFromBlocklist(address: string): void {
  blocklist.addresses = blocklist.addresses.filter((a) => a !== address);
  save();
}
