// The open case's block list (table block_list through the API): what the views show and add to, reloaded when the case changes.
import { untrack } from 'svelte';
import type { BlockDirection, BlockListEntry } from '../../src-main/shared/api.ts';
import { api, app, unwrap } from './app.svelte.ts';

export type { BlockDirection };

export const blocklist = $state({
  entries: [] as BlockListEntry[],
  /** The items alone, in list order (the nav badge and "is it listed?" read these). */
  addresses: [] as string[],
  /** The case the list belongs to (undefined: not loaded yet). */
  loadedFor: undefined as string | null | undefined,
});

function show(entries: BlockListEntry[]): void {
  blocklist.entries = entries;
  blocklist.addresses = entries.map((e) => e.item);
}

/** Reads the open case's list again (the case is the truth: another window may have changed it). */
export async function reloadBlocklist(): Promise<void> {
  const path = app.info?.casePath ?? null;
  if (path === null) {
    blocklist.loadedFor = null;
    show([]);
    return;
  }
  const r = await api().blockList();
  // A case switched meanwhile answers for itself.
  if ((app.info?.casePath ?? null) !== path) return;
  blocklist.loadedFor = path;
  show(r.ok ? r.value : []);
}

export function isBlocked(item: string): boolean {
  return blocklist.addresses.includes(item);
}

export function blockReason(item: string): string | null {
  return blocklist.entries.find((e) => e.item === item)?.why ?? null;
}

export { defaultDirection } from '../lib/block-targets.ts';

/** Adds what is not listed yet (an entry already there keeps its direction and why); answers how many were new, or null on failure. */
export async function addManyToBlocklist(items: Array<{ item: string; reason?: string; direction?: BlockDirection }>): Promise<{ added: number; already: number } | null> {
  if (!items.length) return { added: 0, already: 0 };
  const r = unwrap(await api().addToBlockList(items.map((i) => ({ item: i.item, why: i.reason ?? null, direction: i.direction ?? 'inbound' }))));
  await reloadBlocklist();
  return r;
}

export function addToBlocklist(item: string, reason?: string, direction?: BlockDirection): Promise<{ added: number; already: number } | null> {
  return addManyToBlocklist([{ item, reason, direction }]);
}

export async function removeFromBlocklist(item: string): Promise<void> {
  unwrap(await api().removeFromBlockList([item]));
  await reloadBlocklist();
}

export async function clearBlocklist(): Promise<void> {
  unwrap(await api().clearBlockList());
  await reloadBlocklist();
}

export async function setBlockDirection(item: string, direction: BlockDirection): Promise<void> {
  unwrap(await api().setBlockDirection(item, direction));
  await reloadBlocklist();
}

/** Follows the open case for as long as the page lives: each case shows its own list. */
export function startBlocklist(): void {
  $effect.root(() => {
    $effect(() => {
      // A case opened, switched or reconnected to (a new app.info), or its data changed.
      void app.info?.casePath;
      void app.dataVersion;
      // Another tab or window changed the list (the core says so): shown without a reload.
      void app.blocklistVersion;
      if (app.info === null) return;
      untrack(() => void reloadBlocklist());
    });
  });
}
