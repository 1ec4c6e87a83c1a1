// Large pasted text (a ruleset, a rule model) travels as a file in browser mode: a WebSocket message
// carries at most 2 MiB, an upload much more.
import type { Result } from '../../src-main/shared/api.ts';
import { api } from '../state/app.svelte.ts';

/** Past this, browser mode sends the text as an upload. */
export const INLINE_TEXT_MAX = 1024 * 1024;

/** The server path of the text sent as an upload, or null when it can go inline. */
export async function uploadIfLarge(text: string, name: string): Promise<Result<string | null>> {
  if (api().transport !== 'ws' || text.length <= INLINE_TEXT_MAX) return { ok: true, value: null };
  return api().upload(new File([text], name, { type: 'text/plain' }));
}
