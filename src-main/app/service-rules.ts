// The service's rules: the case's block list (each write announced to every tab and window) and its script,
// scan findings, allow-lists, TRACE paths, and rulesets loaded and replayed.
import type { AllowScript, BlockListEntry, BlockScript, BlockTargetsPreview, FwlensApi, ReplayResult, Result, RulesetImported, ScanFinding, TracePaths } from '../shared/api.ts';
import type { SqlRunner } from '../db/saved-queries.ts';
import { clearBlockList, deleteBlockItems, setBlockDirection } from '../db/block-list.ts';
import * as blockList from './block-list-service.ts';
import { blockScript, checkBlockRequest } from './block-script.ts';
import { asOperation } from './cpu-op.ts';
import { allowScript, checkAllowRequest, findingRows } from './rules-service.ts';
import { tracePaths } from './trace-service.ts';
import { checkReplayRequest, importPastedRuleset, replayForApp } from './replay-service.ts';
import { guard } from './result.ts';
import type { ServiceParts } from './service-parts.ts';
import * as v from './validate.ts';

export function rulesApi({ ctx, opts, readUpload }: ServiceParts) {
  // The block list is part of the case (table block_list): written on the side connection like the other app state.
  // Every write is announced, so another tab or window on the case shows it without a reload.
  const write = async <T>(fn: (r: SqlRunner) => Promise<T>): Promise<T> => {
    const out = await ctx.side(fn);
    ctx.changed('blocklist');
    return out;
  };
  return {
    blockList(): Promise<Result<BlockListEntry[]>> {
      return guard(() => ctx.side(blockList.entries));
    },

    addToBlockList(entries: unknown): Promise<Result<{ added: number; already: number }>> {
      return guard(async () => {
        const adds = blockList.checkAdds(entries);
        return write((r) => blockList.addEntries(r, adds, blockList.addedBy(opts.shell)));
      });
    },

    removeFromBlockList(items: unknown): Promise<Result<number>> {
      return guard(async () => { const list = blockList.checkItems(items); return write((r) => deleteBlockItems(r, list)); });
    },

    clearBlockList(): Promise<Result<number>> {
      return guard(() => write(clearBlockList));
    },

    setBlockDirection(item: unknown, direction: unknown): Promise<Result<boolean>> {
      return guard(async () => {
        const [i, d] = [blockList.checkBlockItem(item), v.oneOf(direction, 'direction', blockList.BLOCK_DIRECTIONS)];
        return write((r) => setBlockDirection(r, i, d));
      });
    },

    previewBlockTargets(items: unknown): Promise<Result<BlockTargetsPreview>> {
      return guard(async () => { const list = blockList.checkItems(items); return ctx.side((r) => blockList.preview(r, list)); });
    },

    blockScript(req: unknown): Promise<Result<BlockScript>> {
      return guard(async () => {
        const r = checkBlockRequest(req);
        // Serialised with imports like the other rules operations: the owners it reads may be mid-write.
        return ctx.main((db) => asOperation(ctx, r.opId, 'rules', (job) => blockScript(db, r, {}, job)));
      });
    },

    // Findings, allow-lists and traces read the case through the main connection, serialised with imports.
    scanFindings(): Promise<Result<ScanFinding[]>> {
      return guard(() => ctx.main(findingRows));
    },

    allowScript(req: unknown): Promise<Result<AllowScript>> {
      return guard(async () => {
        const r = checkAllowRequest(req);
        return ctx.main((db) => asOperation(ctx, r.opId, 'rules', (job) => allowScript(db, r, job)));
      });
    },

    tracePaths(): Promise<Result<TracePaths>> {
      return guard(() => ctx.main(tracePaths));
    },

    importRuleset(text: unknown, name: unknown, table: unknown, upload: unknown = null): Promise<Result<RulesetImported>> {
      return guard(async () => {
        const r = await ctx.main((db) => importPastedRuleset(db, text, name, table, upload, readUpload));
        if (r.added) ctx.changed('ruleset');
        return r;
      });
    },

    replayRuleset(req: unknown): Promise<Result<ReplayResult>> {
      return guard(async () => {
        const r = checkReplayRequest(req, readUpload);
        return ctx.main((db) => asOperation(ctx, r.opId, 'replay', (job) => replayForApp(db, r, job)));
      });
    },
  } satisfies Partial<FwlensApi>;
}
