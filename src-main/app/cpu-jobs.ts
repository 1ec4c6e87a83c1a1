// The CPU-heavy halves of the rules operations as pure jobs on plain data: what a worker thread runs
// while the case is read on the main thread (block script, allow-list, replay).
import type { AllowFormat, BlockFormat } from '../shared/api.ts';
import type { Cidr } from '../enrich/cidr.ts';
import type { OutboundGroup, OutboundTuple } from '../db/allow-queries.ts';
import type { PacketGroup } from '../db/replay-queries.ts';
import { buildTargets, type BlockEntry, type Dropped, type TargetSet, type TargetSource } from '../rules/targets.ts';
import { render, writtenEntries } from '../rules/render.ts';
import { DIRECTIONS, type RenderOptions } from '../rules/render-types.ts';
import { gatherHostFacts, type HostFacts } from '../rules/host-facts.ts';
import { lockoutCheck } from '../rules/lockout.ts';
import { AllowBuilder } from '../rules/allow-build.ts';
import type { AllowRuleset, DestBy, GroupBy } from '../rules/allow-model.ts';
import { renderAllow } from '../rules/allow-render.ts';
import { replayModelGroups, type ReplayReport } from '../rules/allow-model-replay.ts';
import type { RulesetPart } from '../replay/compile-ruleset.ts';
import { replayGroups, type ReplayRulesetOptions, type RulesetReplayReport } from '../replay/replay-groups.ts';

/** How a job says how far it is: a phase, and done of total (total 0 when not known). */
export type Progress = (label: string, done: number, total: number) => void;

/** The sources come as fed batches (one structured clone of 100,000 of them held the event loop). */
export interface BlockJob {
  includeInternal: boolean; internal: Cidr[];
  format: BlockFormat;
  /** null: read here, from this machine (its `ip` calls then wait in the worker, not on the event loop). */
  facts: HostFacts | null; forceLockout: boolean; render: Omit<RenderOptions, 'notes'>;
}
export interface BlockJobResult {
  script: string; rollback: string; sweep: string | null; blocks4: number; blocks6: number; dropped: Dropped[]; skipped: number;
}

export async function blockJob(j: BlockJob, batches: AsyncIterable<unknown[]>, progress: Progress): Promise<BlockJobResult> {
  const sources: TargetSource[] = [];
  for await (const b of batches) for (const s of b as TargetSource[]) sources.push(s);
  // Each direction is aggregated and checked on its own: an inbound /24 must not swallow an outbound address in it.
  const directions = DIRECTIONS.filter((d) => sources.some((s) => (s.direction ?? j.render.direction) === d));
  const facts = j.facts ?? gatherHostFacts({ internal: j.internal });
  const t: TargetSet = { v4: [], v6: [], dropped: [] };
  const header: string[] = [];
  for (const d of directions.length ? directions : [j.render.direction]) {
    const part = buildTargets(directions.length > 1 ? sources.filter((s) => (s.direction ?? j.render.direction) === d) : sources,
      { includeInternal: j.includeInternal, internal: j.internal }, (done, total) => progress('aggregating the targets', done, total));
    const tag = (e: BlockEntry): BlockEntry => (directions.length > 1 || d !== j.render.direction ? { ...e, direction: d } : e);
    t.v4.push(...part.v4.map(tag));
    t.v6.push(...part.v6.map(tag));
    t.dropped.push(...part.dropped);
    // Throws LockoutRefused, which the caller turns into its own refusal.
    for (const l of lockoutCheck(writtenEntries(j.format, part), facts, d, j.forceLockout)) if (!header.includes(l)) header.push(l);
  }
  progress('writing the script', t.v4.length + t.v6.length, t.v4.length + t.v6.length);
  const out = render(j.format, t, { ...j.render, notes: header });
  return { script: out.script, rollback: out.rollback, sweep: out.sweep ?? null, blocks4: t.v4.length, blocks6: t.v6.length, dropped: t.dropped, skipped: out.skipped };
}

export interface AllowJob {
  /** ASN prefixes keyed `asn/family`, read up front; the tuples come as fed batches. */
  prefixes: Map<string, Array<{ lo: bigint; hi: bigint }>>;
  group: GroupBy; dest: DestBy; notExternal: Array<{ family: 4 | 6; lo: bigint; hi: bigint }>;
  format: AllowFormat; now: number;
  maxEntries?: number;
}
export interface AllowJobResult { script: string; rollback: string; rulesJson: string; rules: number; notes: string[]; skipped: number; tuples: number }

export async function allowJob(j: AllowJob, batches: AsyncIterable<unknown[]>, progress: Progress): Promise<AllowJobResult> {
  const b = new AllowBuilder({ group: j.group, dest: j.dest, notExternal: j.notExternal, maxEntries: j.maxEntries }, (a, f) => j.prefixes.get(`${a}/${f}`) ?? []);
  for await (const batch of batches) {
    b.add(batch as OutboundTuple[]);
    progress('grouping the flows', b.seen, 0);
  }
  const built = b.finish();
  progress('writing the rules', built.ruleset.rules.length, built.ruleset.rules.length);
  const out = renderAllow(j.format, built.ruleset, j.now);
  return {
    script: out.script, rollback: out.rollback,
    // The same text `rules allow --out FILE` writes to FILE.rules.json, so a saved copy replays alike.
    rulesJson: JSON.stringify(built.ruleset, null, 2) + '\n',
    rules: built.ruleset.rules.length, notes: built.notes, skipped: out.skipped, tuples: b.seen,
  };
}

export type ReplayJob =
  | { kind: 'ruleset'; parts: RulesetPart[]; ephMin: number; options: ReplayRulesetOptions }
  | { kind: 'allow-model'; model: AllowRuleset; limit: number };
export type ReplayJobResult = { kind: 'ruleset'; report: RulesetReplayReport } | { kind: 'allow-model'; report: ReplayReport };

/** The groups come as batches (the case's packet groups, or its outbound flow groups for an allow model). */
export async function replayJob(j: ReplayJob, batches: AsyncIterable<unknown[]>, progress: Progress): Promise<ReplayJobResult> {
  const tick = (n: number) => progress('replaying the traffic', n, 0);
  if (j.kind === 'allow-model') return { kind: 'allow-model', report: await replayModelGroups(j.model, batches as AsyncIterable<OutboundGroup[]>, j.limit, tick) };
  return { kind: 'ruleset', report: await replayGroups(j.parts, batches as AsyncIterable<PacketGroup[]>, j.ephMin, j.options, tick) };
}

export type JobName = 'block' | 'allow' | 'replay';
