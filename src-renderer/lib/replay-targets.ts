// Which end of a replayed drop goes on the block list: the sender of inbound traffic, the destination of outbound.
import type { BlockDirection, ReplayTraffic } from '../../src-main/shared/api.ts';

export interface ReplayTargets {
  items: Array<{ item: string; reason: string; direction: BlockDirection }>;
  /** Distinct sources of input-hook drops (the attackers), destinations of output-hook drops, sources of forwarded drops. */
  sources: number; destinations: number; forwarded: number;
  /** Groups whose hook the evidence did not say (conntrack, captures without a replay hook): left out. */
  unhooked: number;
}

export function replayTargets(blocked: ReplayTraffic[]): ReplayTargets {
  const seen = new Map<string, { item: string; reason: string; direction: BlockDirection }>();
  let unhooked = 0;
  for (const t of blocked) {
    const why = `replay: ${t.verdict} by ${t.rule ?? 'policy'}`;
    // Inbound: blocking the server they hit would cut our own service; the sender is what to stop.
    const pick = t.hook === 'input' ? { item: t.src, direction: 'inbound' as const, why: `${why} (source of inbound traffic)` }
      : t.hook === 'output' ? { item: t.dst, direction: 'outbound' as const, why: `${why} (destination of outbound traffic)` }
        : t.hook === 'forward' ? { item: t.src, direction: 'forward' as const, why: `${why} (source of forwarded traffic)` } : null;
    if (!pick) { unhooked++; continue; }
    if (!seen.has(pick.item)) seen.set(pick.item, { item: pick.item, reason: pick.why, direction: pick.direction });
  }
  const items = [...seen.values()];
  const count = (d: BlockDirection) => items.filter((i) => i.direction === d).length;
  return { items, sources: count('inbound'), destinations: count('outbound'), forwarded: count('forward'), unhooked };
}

/** The button's words: what will be added, and as what. */
export function replayTargetsLabel(t: ReplayTargets): string {
  const parts = [
    t.sources ? `${t.sources} source${t.sources === 1 ? '' : 's'} of inbound drops` : '',
    t.destinations ? `${t.destinations} destination${t.destinations === 1 ? '' : 's'} of outbound drops` : '',
    t.forwarded ? `${t.forwarded} source${t.forwarded === 1 ? '' : 's'} of forwarded drops` : '',
  ].filter(Boolean);
  return parts.length ? `Add ${parts.join(', ')} to the block list` : 'Nothing to add (no drop says its hook)';
}
