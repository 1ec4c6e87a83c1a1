// The block script request for a whole block list, each entry with its own direction: the app's Generate and
// `fwlens rules block --from-case` both build it here, so they write the same script for the same list.
import type { BlockDirection, BlockScriptRequest } from './api.ts';

export type BlockListOptions = Pick<BlockScriptRequest, 'format' | 'reject' | 'log' | 'expireSeconds' | 'includeInternal'> &
  Partial<Pick<BlockScriptRequest, 'port' | 'proto'>>;

export function blockListRequest(entries: ReadonlyArray<{ item: string; direction: BlockDirection }>, o: BlockListOptions): BlockScriptRequest {
  return {
    targets: entries.map((e) => e.item),
    directions: entries.map((e) => e.direction),
    // Only a fallback: every target has its own direction.
    direction: entries[0]?.direction ?? 'inbound',
    format: o.format, port: o.port ?? null, proto: o.proto ?? null, reject: o.reject, log: o.log,
    expireSeconds: o.expireSeconds, includeInternal: o.includeInternal,
  };
}
